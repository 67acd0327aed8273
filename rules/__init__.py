"""Built-in rules, one package per family, registered through the `cablelint.rules` entry-point group."""
