from cablelint.diagnostics import Severity
from cablelint.registry import Rule


def _repeat(a, b) -> bool:
    """`b` repeats banner `a`: the same class, section, post and serial (text after the
    serial, joined by a re-flowed copy, aside)."""
    return a.classification == b.classification and a.section_number == b.section_number \
        and a.section_count == b.section_count and a.same_cable(b)


class SectionNumbering(Rule):
    """`SECTION NN OF MM` is out of range, or repeated section banners do not count up.

    ## What it does
    Checks the section part of the banner: the section number is at least 1 and at most the
    section count, and the first banner of the text is section 1. Where a received copy
    repeats the banner for each section, every repeated section banner carries the same
    class, post, serial and count as the first and numbers the next section. A banner that
    repeats the first one word for word (an exported copy that contains the text twice) is
    not a new section and is skipped (text that a re-flowed copy joined after the serial does
    not count).

    ## Why is this bad?
    A long telegram is sent in sections, each opening with the banner and its `SECTION NN OF
    MM` (cable-format.md §4.1, §8.3). A section number out of range or out of order means a
    section is missing or belongs to another cable; a repeated banner with another post or
    serial is another cable spliced into this one.

    ## Example
        C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677
        ...
        C O N F I D E N T I A L SECTION 03 OF 03 HARARE 006677

    ## Use instead
        C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677
        ...
        C O N F I D E N T I A L SECTION 02 OF 03 HARARE 006677

    ## Fix safety
    No fix: a missing section cannot be supplied.

    ## Evidence
    Only the first section banner survives in most cablegate texts; 67 corpus files keep more
    than one, and received copies such as 00HARARE6677 repeat each section's front matter
    (cable-format.md §2.8, §4.1). 1-digit section numbers of older cables are accepted.
    Corpus: 2 of 4,200 cables, copies that start at section 2 (one says "Missing Section
    001").
    """

    code = "C205"
    name = "section-numbering"
    default_severity = Severity.ERROR
    tags = ("classification", "banner", "sections")

    def check(self, cable, ctx):
        first = cable.banner
        if first is None or first.section is None or first.section_number is None:
            return
        n, m = first.section_number, first.section_count
        if not 1 <= n <= m:
            yield self.diagnostic(first.section.span, f"section {n} of {m}: the section number is not between 1 and {m}")
            return
        if n != 1:
            yield self.diagnostic(first.section.span, f"the text starts at section {n} of {m}; sections count up from 01")
        prev = n
        seen = [first]
        for b in cable.banners[1:]:
            if b.section is None or b.section_number is None or b.serial is None or any(_repeat(s, b) for s in seen):
                continue  # no section, a banner broken over two lines, or a repeat of one seen
            seen.append(b)
            for label, a, c in (("class", first.classification, b.classification),
                                ("post", first.post.text if first.post else None, b.post.text if b.post else None),
                                ("serial", first.serial.text if first.serial else None,
                                 b.serial.text if b.serial else None)):
                if a is not None and c is not None and " ".join(a.split()).upper() != " ".join(c.split()).upper():
                    field = {"class": b.klass, "post": b.post, "serial": b.serial}[label]
                    yield self.diagnostic(field.span, f'section banner {label} "{c}" differs from the first banner\'s '
                                                      f'"{a}" (line {first.span.line})')
            if b.section_count != m:
                yield self.diagnostic(b.section.span, f"section count {b.section_count} differs from the first "
                                                      f"banner's {m} (line {first.span.line})")
            elif b.section_number != prev + 1:
                yield self.diagnostic(b.section.span, f"section {b.section_number} follows section {prev}; "
                                                      f"expected {prev + 1}")
            prev = b.section_number
