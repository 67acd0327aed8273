"""Build the shipped TAGS vocabulary (rules/data/tags/*.txt) from the corpus TAGS lists.

Usage: python scripts/build_tag_vocabulary.py CORPUS/tags

CORPUS/tags holds four lists (see its README): cablemap's subject and organisation lists, the
WikiLeaks cablegate site's tag index and the tokens observed on the TAGS lines of the corpus
with their file counts. The site index is "what was used", not "what is valid": it carries
free text, personal names, run-together tags and misspellings. This script makes every
decision explicit, so the shipped lists can be rebuilt and reviewed:

* subject TAGS: cablemap's subject list; the A-E part of 5 FAH-3 H-011.1 quoted in
  cable-format.md section 6.2; the historic tags that section names (PINT, PEPR, PFOR, AINS);
  then every site-index token of subject shape (4 letters, first letter a category letter
  A B C E L M O P S T) that is not a misspelling (see below) and not rejected by name.
* program TAGS: site-index tokens `K` + 3 letters, same misspelling test against the K tags
  that at least two corpus cables carry.
* geographic TAGS: every 2-letter site-index or corpus token and the FIPS 10-4 country codes,
  except ISO 3166 codes of countries whose FIPS 10-4 / TAGS code differs (cablemap corrects
  RU to RS).
* organisation TAGS: cablemap's organisation list (single tokens, as listed and without its
  `-1`/`-2` disambiguation suffixes; cables write AU-1 for the African Union), plus the organisations, programmes and missions of the
  site index listed below.

A misspelling is a token that only the site index knows and that is one substitution or one
transposition away from an established tag (SEVN for SENV, PGGV for PGOV, CJUS for KJUS).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rules" / "data" / "tags"

# 5 FAH-3 H-011.1, A-E part (cable-format.md §6.2).
FAH_A_TO_E = set("""
AADP ABLD ABUD ACOA ACKM ADCO ADPM AEMR AFIN AFSI AFSN AGAO AINF AINR AINT ALEO ALOW AMED AMGT
AMTC ANET AODE AOMS AORC APCS APER ASCH ASEC ASIG ASUP ATRN BBSR BEXP BMGT BTIO CASC CFED CJAN
CLOK CMGT CPAS CVIS EAGR EAID EAIR ECIN ECON ECPS EFIN EFIS EIND EINT EINV ELAB ELTN EMIN ENRG
""".split())
# Old subject tags no longer in the FAH list (cable-format.md §6.2).
HISTORIC = {"PINT", "PEPR", "PFOR", "AINS"}

# Site-index tokens that are organisations, programmes, treaties or U.S. missions.
ORG_EXTRA = {
    "CBW": "chemical and biological weapons", "DTRA": "Defense Threat Reduction Agency",
    "FTAA": "Free Trade Area of the Americas", "GTIP": "Office to Monitor and Combat Trafficking",
    "GTMO": "Guantanamo", "HSTC": "Human Smuggling and Trafficking Center",
    "IIP": "Bureau of International Information Programs", "INRB": "INR/B",
    "IPR": "intellectual property rights", "IWC": "International Whaling Commission",
    "LTTE": "Liberation Tigers of Tamil Eelam", "MCC": "Millennium Challenge Corporation",
    "MDC": "Movement for Democratic Change", "MEPI": "Middle East Partnership Initiative",
    "MEPP": "Middle East peace process", "MERCOSUR": "Mercosur", "MTCR": "Missile Technology Control Regime",
    "NIPP": "Northern Ireland peace process", "NPT": "Non-Proliferation Treaty",
    "NSG": "Nuclear Suppliers Group", "NSSP": "Next Steps in Strategic Partnership",
    "OIC": "Organisation of the Islamic Conference", "OPCW": "Organisation for the Prohibition of Chemical Weapons",
    "OSAC": "Overseas Security Advisory Council", "SOFA": "status of forces agreement",
    "TIP": "trafficking in persons", "UNHRC": "UN Human Rights Council", "UNVIE": "U.S. Mission Vienna",
    "USAID": "USAID", "USEU": "U.S. Mission to the EU", "USUN": "U.S. Mission to the UN",
    "WBG": "World Bank Group",
}

# Site-index tokens of tag shape that are not tags (the rest of the index that is neither a
# tag shape nor in ORG_EXTRA is dropped without a name: free text, personal names, bureaus,
# run-together tags).
REJECT = {
    "CONS": "office code (consular section) from a distribution list",
    "ENGR": "not a TAG (energy is ENRG)", "ENGY": "not a TAG (energy is ENRG)",
    "ENVI": "not a TAG (environment is SENV)", "ENVR": "not a TAG (environment is SENV)",
    "MUCN": "misspelling of MNUC", "PUNE": "a city, not a TAG",
}

# FIPS 10-4 country codes (the geographic TAGS follow them, cable-format.md §6.1), written out
# from the standard's last edition [KNOW: not taken from a file of the corpus]: they cover the
# countries and territories that the cables of the corpus happen not to tag.
FIPS_10_4 = set("""
AA AC AE AF AG AJ AL AM AN AO AQ AR AS AU AV AY BA BB BC BD BE BF BG BH BK BL BM BN BO BP BR BT
BU BX BY CA CB CD CE CF CG CH CI CJ CK CM CN CO CQ CS CT CU CV CW CY DA DJ DO DR EC EG EI EK EN
ER ES ET EZ FI FJ FK FM FO FP FR GA GB GG GH GI GJ GK GL GM GQ GR GT GV GY GZ HA HK HO HR HU IC
ID IM IN IO IR IS IT IV IZ JA JE JM JO KE KG KN KR KS KU KV KZ LA LE LG LH LI LO LS LT LU LY MA
MC MD MG MH MI MJ MK ML MN MO MP MR MT MU MV MX MY MZ NC NE NG NH NI NL NO NP NR NS NU NZ PA PE
PK PL PM PO PP PS PU QA RB RM RO RP RQ RS RW SA SB SC SE SF SG SH SI SL SM SN SO SP ST SU SV SW
SY SZ TD TH TI TK TL TN TO TP TS TT TU TV TW TX TZ UG UK UP US UV UY UZ VC VE VI VM VQ VT WA WE
WF WI WS WZ YI YM ZA ZI
""".split())

# ISO 3166 codes written where the FIPS 10-4 style TAGS code is meant.
NOT_GEOGRAPHIC = {
    "RU": "RS", "TR": "TU", "AZ": "AJ", "DK": "DA", "CL": "CI", "IL": "IS", "IQ": "IZ",
    "JP": "JA", "VN": "VM",
}
COUNTRY = {"RS": "Russia", "TU": "Turkey", "AJ": "Azerbaijan", "DA": "Denmark", "CI": "Chile",
           "IS": "Israel", "IZ": "Iraq", "JA": "Japan", "VM": "Vietnam", "SY": "Syria", "AE": "UAE"}
# Other known wrong forms with the TAG meant (cablemap reader.py _TAG_FIXES).
WRONG_FORMS = {"SYR": "SY", "UAE": "AE", "MOPPS": "MOPS", "POGOV": "PGOV", "UNDESCO": "UNESCO"}

SUBJECT_SHAPE = re.compile(r"[ABCELMOPST][A-Z]{3}")
PROGRAM_SHAPE = re.compile(r"K[A-Z]{3}")


def near(a: str, b: str) -> bool:
    """One substitution or one adjacent transposition."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def read_list(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def build(src: Path) -> dict[str, dict[str, str]]:
    cm_subject = set(read_list(src / "cablemap_subject-tags.txt"))
    cm_org_raw = read_list(src / "cablemap_organization-tags.txt")
    site = set(read_list(src / "cablegate_site_tag_index.txt"))
    observed: dict[str, int] = {}
    for ln in read_list(src / "tags_observed_in_corpus.tsv")[1:]:
        tok, count, _ = ln.split("\t")
        observed[tok] = int(count)

    subject = {t: "cablemap subject list" for t in cm_subject}
    subject.update({t: "5 FAH-3 H-011.1" for t in FAH_A_TO_E - cm_subject})
    subject.update({t: "historic subject TAG" for t in HISTORIC})
    organization: dict[str, str] = {}
    for entry in cm_org_raw:
        # As listed (cables do write AU-1 for the African Union) and without the suffix.
        for tok in {entry.upper(), re.sub(r"-\d+$", "", entry).upper()}:
            if " " not in tok:
                organization.setdefault(tok, "cablemap organisation list")
    organization.update({t: f"cablegate site index ({why})" for t, why in ORG_EXTRA.items()})
    established_k = {t for t in site if PROGRAM_SHAPE.fullmatch(t) and observed.get(t, 0) >= 2}
    program = {t: "cablegate site index, on the TAGS line of >= 2 corpus cables" for t in established_k}
    geographic: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for tok in sorted(site | FIPS_10_4 | {t for t in observed if re.fullmatch(r"[A-Z]{2}", t)}):
        if tok in subject or tok in organization or tok in program:
            continue
        if tok in REJECT:
            dropped[tok] = REJECT[tok]
        elif re.fullmatch(r"[A-Z]{2}", tok):
            if tok in NOT_GEOGRAPHIC:
                fips = NOT_GEOGRAPHIC[tok]
                dropped[tok] = f"not a TAG: ISO code; the geographic TAG for {COUNTRY[fips]} is {fips}"
            else:
                geographic[tok] = "cablegate site index / corpus TAGS lines / FIPS 10-4"
        elif PROGRAM_SHAPE.fullmatch(tok):
            miss = sorted(k for k in established_k if near(tok, k))
            if miss:
                dropped[tok] = f"misspelling of {' or '.join(miss)}"
            else:
                program[tok] = "cablegate site index"
        elif SUBJECT_SHAPE.fullmatch(tok):
            known = set(subject) | established_k
            miss = sorted(k for k in known if near(tok, k))
            if miss:
                dropped[tok] = f"misspelling of {' or '.join(miss)}"
            else:
                subject[tok] = "cablegate site index"
    for tok, meant in WRONG_FORMS.items():
        dropped.setdefault(tok, f"not a TAG: write {meant}")
    return {"subject": subject, "program": program, "geographic": geographic,
            "organization": organization, "not-tags": dropped}


HEADERS = {
    "subject": "Subject TAGS (4 letters; the first letter names the category: A administrative, "
               "B business, C consular, E economic, L legal, M military, O outreach, P political, "
               "S social, T technology)",
    "program": "Program TAGS (K + 3 letters)",
    "geographic": "Geographic TAGS (2-letter FIPS 10-4 style codes, including the regional X/Z codes)",
    "organization": "Organisation TAGS (2-11 characters; committee suffixes such as UNGA/C-6 included)",
    "not-tags": "Tokens seen on TAGS lines that are not TAGS, with what to write instead "
                "(token<TAB>explanation)",
}


def write(lists: dict[str, dict[str, str]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for kind, entries in lists.items():
        lines = [f"# {HEADERS[kind]}.",
                 "# Generated by scripts/build_tag_vocabulary.py; provenance in README.md.",
                 f"# {len(entries)} entries."]
        if kind == "not-tags":
            lines += [f"{t}\t{why}" for t, why in sorted(entries.items())]
        else:
            lines += sorted(entries)
        (out / f"{kind}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    lists = build(Path(argv[1]))
    write(lists, OUT)
    for kind, entries in lists.items():
        print(f"{kind}: {len(entries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
