from cablelint.diagnostics import Severity
from cablelint.registry import Rule

RESTRICTIVE = ("NODIS", "NODIF", "EXDIS")
NAMED_CHANNELS = ("ROGER", "DOCKLAMP")


def _channel(word: str) -> str | None:
    if word.endswith(" CHANNEL") or word in NAMED_CHANNELS:
        return word
    return None


class CaptionConflict(Rule):
    """Captions that may not stand together.

    ## What it does
    Reports caption combinations the handbook and the SIPDIS guidance rule out: SIPDIS with
    NODIS or EXDIS (reported on whichever of the two stands second), STADIS without EXDIS or
    NODIS, and more than one channel caption (`… CHANNEL`, ROGER, DOCKLAMP).

    ## Why is this bad?
    05 STATE 226504: "SIPDIS messages may not carry other restrictive captions or caveats,
    such as NODIS or EXDIS … If a message carries conflicting captions, the more restrictive
    caption will be controlling" – a NODIS cable marked SIPDIS would otherwise be copied to
    the SIPRNet database. 5 FAH-2 H-252.1-1: "You may use STADIS … with EXDIS … or NODIS";
    5 FAH-2 H-442: "A message can have only one channel caption".

    ## Example
        SIPDIS
        NODIS

    ## Use instead
        NODIS

    ## Fix safety
    No fix: which caption was meant is the drafter's decision.

    ## Evidence
    SIPDIS together with NODIS or EXDIS: 0 in 1,295 cablegate pages (cable-format.md §4.3);
    none in the 4,200 corpus cables.
    """

    code = "C206"
    name = "caption-conflict"
    default_severity = Severity.ERROR
    tags = ("classification", "captions")

    def check(self, cable, ctx):
        caps = cable.captions
        sipdis = next((c for c in caps if "SIPDIS" in c.words), None)
        restrictive = next((c for c in caps if any(w in RESTRICTIVE for w in c.words)), None)
        if sipdis is not None and restrictive is not None:
            word = next(w for w in restrictive.words if w in RESTRICTIVE)
            if restrictive.span >= sipdis.span:
                yield self.diagnostic(restrictive.span, f"{word} stands with SIPDIS (line {sipdis.span.line}): SIPDIS "
                                                        f"messages may not carry NODIS or EXDIS; {word} controls")
            else:
                yield self.diagnostic(sipdis.span, f"SIPDIS stands with {word} (line {restrictive.span.line}): SIPDIS "
                                                   f"messages may not carry NODIS or EXDIS; {word} controls")
        words = {w for c in caps for w in c.words}
        if "STADIS" in words and not words & {"EXDIS", "NODIS", "NODIF"}:
            stadis = next(c for c in caps if "STADIS" in c.words)
            yield self.diagnostic(stadis.span, "STADIS stands without EXDIS or NODIS, which it may only accompany")
        first_channel = None
        for c in caps:
            for w in c.words:
                ch = _channel(w)
                if ch is None:
                    continue
                if first_channel is None:
                    first_channel = (ch, c)
                elif ch != first_channel[0]:
                    yield self.diagnostic(c.span, f"second channel caption {ch} (after {first_channel[0]}, line "
                                                  f"{first_channel[1].span.line}): a message has only one channel")
