"""Plain-text phrases for the parts of a report, shared by the assessment and the renderers.

Everything here takes report data (dicts of the documented JSON shapes) and returns plain
text; escaping for Markdown or HTML is the renderers' business.
"""

from typing import Any

QUOTE_LIMIT = 160


def truncate(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    return f"“{truncate(text, limit)}”"


def signed(number: int) -> str:
    """``+2``, ``-1``, ``0``."""
    return f"{number:+d}" if number else "0"


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def date_phrase(text: str | None) -> str:
    """``on 2019-02-28``, ``in 2019-03``, ``in 2019``; empty when undated."""
    if not text:
        return ""
    return f"on {text}" if len(text) >= len("2019-02-28") else f"in {text}"


def said_text(claim: dict[str, Any]) -> str:
    """When a claim was said, as precise as known: ``2019-03-01 00:00``, ``2019-03``."""
    if not claim["said"]:
        return "undated"
    return f"{claim['said']} {claim['said_time']}" if claim["said_time"] else claim["said"]


def role_text(roles: list[dict[str, Any]]) -> str:
    """``President, United States; ...``; empty when no role is known."""
    parts = []
    for role in roles:
        names = [name for name in (role["role"], role["organization"]) if name]
        parts.append(", ".join(names))
    return "; ".join(parts)


def role_span(role: dict[str, Any]) -> str:
    """`` (from 2017-01-20 until 2021-01-20)``; empty when the role has no dates."""
    parts = [f"{key} {role[key]}" for key in ("from", "until") if role[key]]
    return f" ({' '.join(parts)})" if parts else ""


def actor_text(actor: dict[str, Any]) -> str:
    """A name with the roles held at the time: ``Ri Yong Ho (Foreign Minister, DPRK)``."""
    roles = role_text(actor.get("roles", []))
    return f"{actor['name']} ({roles})" if roles else str(actor["name"])


def source_name(source: dict[str, Any]) -> str:
    """A short name for a source: its publisher, else its title, else its URL."""
    return str(source["publisher"] or truncate(source["title"] or source["url"] or "", 60))


def source_text(source: dict[str, Any]) -> str:
    """``“Title” (Publisher, 2019-03) URL``."""
    details = ", ".join(part for part in (source["publisher"], source["published"]) if part)
    parts = []
    if source["title"]:
        parts.append(quoted(source["title"], 120))
    if details:
        parts.append(f"({details})")
    if source["url"]:
        parts.append(source["url"])
    return " ".join(parts)


def words_text(claim: dict[str, Any], limit: int = 100_000) -> str:
    """The words, marked: ``Quote: “...”`` or ``Paraphrase: ...``."""
    if claim["wording"] == "quote":
        return f"Quote: {quoted(claim['text'], limit)}"
    return f"Paraphrase: {truncate(claim['text'], limit)}"


def related_text(related: dict[str, Any]) -> str:
    """A claim joined by a link: ``2019-03-02, CPAC speech, Donald Trump (claim #3): “...”``."""
    where = ", ".join(part for part in (related["said"], related["venue"]) if part)
    who = f"{related['speaker']} (claim #{related['claim_id']})"
    text = quoted(related["text"], 120) if related["wording"] == "quote" else related["text"]
    marks = [] if related["link_status"] == "confirmed" else [related["link_status"]]
    if related["status"] != "active":
        marks.append(related["status"])
    suffix = f" [{', '.join(marks)}]" if marks else ""
    return f"{where + ', ' if where else ''}{who}: {truncate(text, 200)}{suffix}"


def appearance_text(appearance: dict[str, Any]) -> str:
    parts = [appearance["date"] or "undated", source_text(appearance["source"])]
    if appearance["locator"]:
        parts.append(f"at {appearance['locator']}")
    text = ", ".join(parts)
    if appearance["excerpt"]:
        text += f": {quoted(appearance['excerpt'], 120)}"
    return text


def evidence_text(evidence: dict[str, Any]) -> str:
    """``supports: Foreign Policy, “excerpt”; note: ...``."""
    text = f"{evidence['stance']}: {source_name(evidence['source'])}"
    if evidence["excerpt"]:
        text += f", {quoted(evidence['excerpt'], 140)}"
    if evidence["locator"]:
        text += f" ({evidence['locator']})"
    if evidence["note"]:
        text += f"; note: {truncate(evidence['note'], 200)}"
    return text


def verdict_text(verdict: dict[str, Any]) -> str:
    """``False (politifact) by Example Fact Desk, 2019-03-04``."""
    text = f"{verdict['rating']} ({verdict['scale']}) by {verdict['reviewer']}"
    if verdict["date"]:
        text += f", {verdict['date']}"
    if not verdict["is_current"]:
        text += f" [superseded by verdict #{verdict['superseded_by_id']}]"
    return text


def correction_text(correction: dict[str, Any]) -> str:
    """``third-party correction, 2019-03, by X (role): “...”; reported in: source``."""
    when = f", {correction['date']}" if correction["date"] else ""
    target = "" if correction["target"].startswith("claim:") else f" of {correction['target']}"
    text = (
        f"{correction['kind']} correction{target}{when}, by {actor_text(correction['issued_by'])}:"
        f" {quoted(correction['text'], 300)}"
    )
    if correction["source"]:
        text += f"; reported in: {source_text(correction['source'])}"
    return text


def basis_text(contradiction: dict[str, Any]) -> str:
    """How a contradiction was found: ``confirmed link #1 (note); opposite stances on
    proposition #1``."""
    parts = []
    for basis in contradiction["basis"]:
        if basis["kind"] == "link":
            text = f"{basis['status']} link #{basis['link_id']}"
            if basis["method"] != "manual":
                score = f" {basis['score']:.2f}" if basis["score"] is not None else ""
                text += f" by {basis['method']}{score}"
            detail = basis["note"] or basis["reason"]
            parts.append(f"{text} ({truncate(detail, 120)})" if detail else text)
        else:
            parts.append(f"opposite stances on proposition #{basis['proposition_id']}")
    return "; ".join(parts)


def contradiction_title(contradiction: dict[str, Any]) -> str:
    """``Donald Trump vs Ri Yong Ho``, or ``Donald Trump vs himself`` style for a flip."""
    first, second = contradiction["sides"]
    names = [first["speaker"]["name"], second["speaker"]["name"]]
    if contradiction["self"]:
        return f"{names[0]}: claim #{first['id']} vs claim #{second['id']}"
    return f"{names[0]} vs {names[1]}"


def contradiction_marks(contradiction: dict[str, Any]) -> list[str]:
    """``SELF-CONTRADICTION``, ``SUGGESTED``, ``RETRACTED CLAIM`` as they apply."""
    marks = []
    if contradiction["self"]:
        marks.append("SELF-CONTRADICTION")
    if contradiction["suggested"]:
        marks.append("SUGGESTED")
    if any(side["status"] != "active" for side in contradiction["sides"]):
        marks.append("RETRACTED CLAIM")
    return marks


def groups_text(groups: list[dict[str, Any]]) -> str:
    """``1 proposition and 2 topics``."""
    propositions = sum(1 for group in groups if group["proposition"])
    topics = sum(1 for group in groups if group["topic"])
    parts = [plural(propositions, "proposition")] if propositions else []
    if topics:
        parts.append(plural(topics, "topic"))
    if len(groups) > propositions + topics:
        parts.append("no proposition or topic")
    return " and ".join(parts)


def report_note(report: dict[str, Any]) -> str:
    """What a contradiction report holds and what it was asked for, in a few sentences."""
    filters = report["filters"]
    count = report["count"]
    if count:
        note = f"{plural(count, 'contradiction')} on {groups_text(report['groups'])}."
    else:
        note = "No contradictions found."
    shown = [
        f"{label} {filters[key]}"
        for key, label in (
            ("topic", "topic"),
            ("speaker", "speaker"),
            ("proposition", "proposition #"),
            ("since", "since"),
            ("until", "until"),
        )
        if filters[key] is not None
    ]
    shown = [item.replace("# ", "#") for item in shown]
    if filters["self"]:
        shown.append("self-contradictions only")
    if shown:
        note += " Filters: " + "; ".join(shown) + "."
    note += " Retracted claims " + ("included." if filters["include_retracted"] else "left out.")
    note += (
        " Suggested links included, marked SUGGESTED."
        if filters["include_suggested"]
        else " Only confirmed links and opposite stances count."
    )
    return note


def group_title(group: dict[str, Any]) -> str:
    if group["proposition"]:
        return f"Proposition #{group['proposition']['id']}: {group['proposition']['text']}"
    if group["topic"]:
        return f"Topic: {group['topic']}"
    return "No proposition or topic"


# Fields left out of a side-by-side view when neither side has any.
OPTIONAL_FIELDS = frozenset(
    {"Venue", "Appearances", "Repeated later", "Repeats", "Status", "Stance"}
)


def side_fields(side: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """A claim as labelled lists of lines, in the order every format shows them."""
    said = said_text(side)
    status = [] if side["status"] == "active" else [f"retracted: {side['retraction_reason']}"]
    return [
        ("Speaker", [side["speaker"]["name"]]),
        ("Role at the time", [role_text(side["speaker"]["roles"]) or "not recorded"]),
        ("Said", [f"{said} ({side['said_precision']})" if side["said"] else said]),
        ("Venue", [side["venue"]] if side["venue"] else []),
        ("Stance", [side["stance"]] if side.get("stance") else []),
        ("Words", [words_text(side)]),
        ("Source", [source_text(side["first_source"])] if side["first_source"] else ["none"]),
        ("Appearances", [appearance_text(item) for item in side["appearances"]]),
        ("Repeated later", [related_text(item) for item in side["repeats"]]),
        ("Repeats", [related_text(item) for item in side["repeat_of"]]),
        ("Evidence", [evidence_text(item) for item in side["evidence"]] or ["none"]),
        ("Verdicts", [verdict_text(item) for item in side["verdicts"]] or ["none"]),
        ("Corrections", [correction_text(item) for item in side["corrections"]] or ["none"]),
        ("Status", status),
        *([("Record score", [signed(side["score"])])] if "score" in side else []),
    ]


def claim_fields(claim: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """``side_fields`` and what a dossier adds: topics, stances and language."""
    stances = [
        f"{item['stance']} proposition #{item['proposition_id']}: {item['proposition']}"
        for item in claim["stances"]
    ]
    extra = [
        ("Topics", [", ".join(claim["topics"])] if claim["topics"] else ["none"]),
        ("Stances", stances or ["none"]),
        ("Language", [claim["language"]] if claim["language"] else []),
    ]
    return [field for field in side_fields(claim) + extra if field[1] or field[0] == "Verdicts"]


def link_text(link: dict[str, Any]) -> str:
    """``link #1: contradicts claim #2 by Ri Yong Ho (2019-03-01) [confirmed, manual]: note``."""
    other = link["claim"]
    when = f" ({other['said']})" if other["said"] else ""
    marks = [link["status"], link["method"]]
    if link["score"] is not None:
        marks.append(f"score {link['score']:.2f}")
    if other["status"] != "active":
        marks.append(f"claim {other['status']}")
    text = (
        f"link #{link['id']}: {link['relation']} claim #{other['id']} by {other['speaker']}{when}"
        f" [{', '.join(marks)}]: {truncate(other['text'], 120)}"
    )
    detail = link["note"] or link["reason"]
    return f"{text} (note: {truncate(detail, 120)})" if detail else text


def brief_text(
    item: dict[str, Any], *, claim_id: int | None = None, speaker_id: int | None = None
) -> str:
    """A contradiction in one line, from the point of view of one claim (``with claim #2 by
    ...``) or of one speaker (their claim first), else in the order of the sides."""
    mine, other = item["sides"]
    if (claim_id is not None and other["id"] == claim_id) or (
        speaker_id is not None and not item["self"] and other["speaker_id"] == speaker_id
    ):
        mine, other = other, mine
    theirs = f"claim #{other['id']} by {other['speaker']} ({other['said'] or 'undated'})"
    if claim_id is not None:
        who = f"with {theirs}"
    elif item["self"]:
        who = f"claim #{mine['id']} ({mine['said'] or 'undated'}) vs claim #{other['id']}"
        who += f" ({other['said'] or 'undated'})"
    else:
        who = f"claim #{mine['id']} ({mine['said'] or 'undated'}) vs {theirs}"
    where = f" on proposition #{item['proposition']['id']}" if item["proposition"] else ""
    marks = " [suggested]" if item["suggested"] else ""
    return f"{who}{where}{marks}: {item['assessment']['summary']}"


def change_text(change: dict[str, Any]) -> str:
    """``2019-03-06 10:00:00 alice update claim:1: venue: A -> B``."""
    fields = []
    for name, (old, new) in change["changes"].items():
        if change["action"] == "insert":
            fields.append(name)
        else:
            fields.append(f"{name}: {truncate(str(old), 60)} -> {truncate(str(new), 60)}")
    at = change["at"][:19].replace("T", " ")
    return f"{at} {change['user']} {change['action']} {change['object']}: {'; '.join(fields)}"


def event_title(event: dict[str, Any]) -> str:
    """``CLAIM #1``, ``VERDICT #2 on claim #1``, ``CORRECTION #1 of claim #1``."""
    if event["kind"] == "claim":
        return f"CLAIM #{event['id']}"
    joined = "on" if event["kind"] == "verdict" else "of"
    return f"{event['kind'].upper()} #{event['id']} {joined} claim #{event['claim_id']}"


def event_text(event: dict[str, Any]) -> str:
    """What happened, in one paragraph."""
    if event["kind"] == "claim":
        venue = f", {event['venue']}" if event["venue"] else ""
        status = " [retracted]" if event["status"] != "active" else ""
        return f"{actor_text(event['actor'])}{venue}: {words_text(event)}{status}"
    if event["kind"] == "verdict":
        text = f"{event['actor']['name']} rated {event['claim_speaker']}'s claim {event['text']}"
        text += f" ({event['scale']}, {event['bucket']})"
        if not event["is_current"]:
            text += f" [superseded by verdict #{event['superseded_by_id']}]"
        if event["explanation"]:
            text += f": {truncate(event['explanation'], 200)}"
        return text
    target = "" if event["target"].startswith("claim:") else f" ({event['target']})"
    text = (
        f"{event['correction_kind']} correction{target} of {event['claim_speaker']}'s claim by"
        f" {actor_text(event['actor'])}: {quoted(event['text'], 300)}"
    )
    if event["source"]:
        text += f"; reported in: {source_text(event['source'])}"
    return text


def event_when(event: dict[str, Any]) -> str:
    if not event["date"]:
        return "undated"
    return f"{event['date']} {event['time']}" if event["time"] else str(event["date"])
