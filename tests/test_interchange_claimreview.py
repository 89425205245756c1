"""schema.org ClaimReview JSON-LD in and out: the real samples import, every shape of file is
read, ratings land on the right scale level, re-imports change nothing, errors name the file,
the record and the field and write nothing, and the Hanoi fixture with a verdict exports to
ClaimReview that imports into an empty database and exports again unchanged."""

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import ActorKind, Bucket, SourceKind
from factcheck.importers import ImportFormat, claimreview, detect_format
from factcheck.models import Actor, Appearance, Claim, RatingScale, Source, Verdict
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_interchange import counts_at, fresh_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "data" / "claimreview"
FIXTURE = ROOT / "fixtures" / "hanoi-summit.yaml"


def review(url: str, rating: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A ClaimReview by Example Checks of a claim by Jane Doe."""
    record: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": f"The claim reviewed at {url}",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2020-05-02",
        "reviewRating": {"@type": "Rating", **rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
            "datePublished": "2020-05-01",
        },
    }
    record.update(extra)
    return record


def write(tmp_path: Path, data: Any, name: str = "feed.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = invoke(*args)
    return result.exit_code, result.stdout, result.stderr


def verdicts(engine: Engine) -> list[tuple[str, str, str, str, str | None]]:
    """(reviewer, scale, rating, claim, url) of every verdict, in id order."""
    with Session(engine) as session:
        return [
            (v.reviewer.name, v.scale.slug, v.level.label, v.claim.text, v.review_url)
            for v in session.scalars(select(Verdict).order_by(Verdict.id))
        ]


def test_both_samples_import_and_again_change_nothing(db_env: str, engine: Engine) -> None:
    datacommons = SAMPLES / "datacommons_datafeeditem_sample.json"
    google = SAMPLES / "google_factcheck_api_claims_search_sample.json"
    for path in (datacommons, google):
        code, stdout, stderr = run("import", str(path))
        assert (code, stdout) == (0, "")
        assert "verdicts: 1 created" in stderr
    before = counts_at(db_env)
    for path in (datacommons, google):
        code, _stdout, stderr = run("import", str(path))
        assert code == 0
        assert "Nothing changed." in stderr
    assert counts_at(db_env) == before
    sentence = (
        "Reker hat diesen Satz nie gesagt. «Völliger Unsinn», heißt es dazu aus der "
        "Pressestelle der Stadt Köln."
    )
    pdf = "https://www.presseportal.de/pm/133833/4381130"
    vishvas = (
        "https://www.vishvasnews.com/urdu/society/viral-video-of-doctor-beating-patient-is-of-"
        "jaipur-sms-hospital-not-from-kanpur-hallet-hospital/"
    )
    found = verdicts(engine)
    assert [(r, s, label, u) for r, s, label, _c, u in found] == [
        ("Deutsche Presse-Agentur", "claimreview-deutsche-presse-agentur", sentence, pdf),
        ("vishvasnews.com", "basic", "False", vishvas),
    ]
    with Session(engine) as session:
        scale = session.scalars(
            select(RatingScale).where(RatingScale.slug == "claimreview-deutsche-presse-agentur")
        ).one()
        assert scale.publisher is not None and scale.publisher.name == "Deutsche Presse-Agentur"
        assert [(level.label, level.bucket) for level in scale.levels] == [(sentence, Bucket.OTHER)]
        claims = session.scalars(select(Claim).order_by(Claim.id)).all()
        assert [(c.speaker.name, c.speaker.kind, c.language) for c in claims] == [
            ("Irmin Suhl", ActorKind.PERSON, None),
            ("FB User-Harshit Pandey", ActorKind.PERSON, "ur"),
        ]
        assert str(claims[1].stated_on) == "2019-06-20"
        (appearance,) = session.scalars(select(Appearance)).all()
        assert appearance.claim_id == claims[0].id
        assert appearance.source.url is not None
        assert appearance.source.url.startswith("https://www.facebook.com/photo.php?fbid=3899")


def test_the_format_is_told_from_the_content() -> None:
    for path in SAMPLES.iterdir():
        text = path.read_text(encoding="utf-8")
        assert detect_format(path.name, text) is ImportFormat.CLAIMREVIEW
    native = '{"factcheck": 1, "claims": [{"text": "A ClaimReview of \\"ClaimReview\\""}]}'
    assert detect_format("x.json", native) is ImportFormat.NATIVE
    assert detect_format("page.jsonld", "[]") is ImportFormat.CLAIMREVIEW


def test_every_shape_of_file_is_read(db_env: str, engine: Engine, tmp_path: Path) -> None:
    single = review("https://example.org/1", {"alternateName": "False"})
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@id": "#desk", "@type": "Organization", "name": "Graph Desk"},
            {"@type": "WebPage", "name": "ignored"},
            review(
                "https://example.org/2",
                {"alternateName": "Mostly True"},
                author={"@id": "#desk"},
            ),
        ],
    }
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [review("https://example.org/3", {"name": "True"})]},
            review("https://example.org/4", {"alternateName": "Pants on Fire"}),
        ],
    }
    google = {
        "claims": [
            {
                "text": "Searched claim",
                "claimant": "Sam Roe",
                "claimDate": "2021-01-02T10:00:00Z",
                "claimReview": [
                    {"publisher": {"name": "One"}, "url": "https://one.example/r",
                     "textualRating": "Misleading", "languageCode": "en"},
                    {"publisher": {"site": "two.example"}, "url": "https://two.example/r",
                     "reviewDate": "2021-01-05", "textualRating": "Mostly false"},
                ],
            }
        ],
        "nextPageToken": "abc",
    }  # fmt: skip
    for index, data in enumerate(([single], graph, feed, google, single)):
        code, _stdout, stderr = run("import", str(write(tmp_path, data, f"f{index}.json")))
        assert code == 0, stderr
    found = [(reviewer, scale, label) for reviewer, scale, label, _c, _u in verdicts(engine)]
    assert found == [
        ("Example Checks", "basic", "False"),
        ("Graph Desk", "basic", "Mostly true"),
        ("Example Checks", "basic", "True"),
        ("Example Checks", "politifact", "Pants on Fire"),
        ("One", "basic", "Misleading"),
        ("two.example", "politifact", "Mostly False"),
    ]
    with Session(engine) as session:
        searched = session.scalars(select(Claim).where(Claim.text == "Searched claim")).one()
        reviews = session.scalars(select(Verdict).where(Verdict.claim_id == searched.id)).all()
        assert len(reviews) == 2
        assert searched.speaker.name == "Sam Roe"


def test_appearances_as_urls_or_works_and_the_first_appearance(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    record = review("https://example.org/a", {"alternateName": "False"})
    record["itemReviewed"]["appearance"] = [
        "https://social.example/post/1",
        {
            "@type": "VideoObject",
            "url": "https://video.example/v",
            "name": "The speech",
            "datePublished": "2020-04",
            "publisher": {"@type": "Organization", "name": "Video Site"},
        },
        {"@type": "CreativeWork"},
    ]
    record["itemReviewed"]["firstAppearance"] = {
        "@type": "SocialMediaPosting",
        "url": "https://social.example/post/1",
    }
    assert run("import", str(write(tmp_path, record)))[0] == 0
    with Session(engine) as session:
        claim = session.scalars(select(Claim)).one()
        assert claim.first_source is not None
        assert claim.first_source.url == "https://social.example/post/1"
        assert claim.first_source.kind is SourceKind.SOCIAL_POST
        sources = [
            appearance.source
            for appearance in session.scalars(select(Appearance).order_by(Appearance.id))
        ]
        assert [(s.url, s.kind, s.title) for s in sources] == [
            ("https://social.example/post/1", SourceKind.SOCIAL_POST, None),
            ("https://video.example/v", SourceKind.VIDEO, "The speech"),
        ]
        assert sources[1].publisher is not None and sources[1].publisher.name == "Video Site"
        assert str(sources[1].published_on) == "2020-04-01"


def test_unknown_ratings_are_kept_on_the_publishers_scale(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    long_sentence = "This is not what was said, and the record shows it. " * 8
    first = [
        review("https://example.org/1", {"alternateName": "Missing context"}),
        review("https://example.org/2", {"alternateName": long_sentence}),
        # The numbers say it is not basic's False (1 of 4): the publisher's own scale.
        review(
            "https://example.org/3",
            {"alternateName": "False", "ratingValue": 2, "bestRating": 5, "worstRating": 1},
        ),
        review("https://example.org/4", {"alternateName": "barely-true"}),
    ]
    assert run("import", str(write(tmp_path, first, "one.json")))[0] == 0
    second = [review("https://example.org/5", {"alternateName": "Satire"})]
    code, _stdout, stderr = run("import", str(write(tmp_path, second, "two.json")))
    assert code == 0, stderr
    with Session(engine) as session:
        scale = session.scalars(
            select(RatingScale).where(RatingScale.slug == "claimreview-example-checks")
        ).one()
        levels = [(level.label, level.bucket, level.score) for level in scale.levels]
        assert levels[0] == ("Missing context", Bucket.OTHER, None)
        assert levels[1][0].endswith("…") and len(levels[1][0]) == 300
        assert levels[2:] == [("False", Bucket.OTHER, 0.25), ("Satire", Bucket.OTHER, None)]
        long_verdict = session.scalars(
            select(Verdict).where(Verdict.review_url == "https://example.org/2")
        ).one()
        assert long_verdict.explanation == long_sentence.strip()
    found = [(scale, label) for _r, scale, label, _c, _u in verdicts(engine)]
    assert found[3] == ("politifact", "Mostly False")
    # An alias given to the publisher's level (in a native file) is found on the next import.
    with Session(engine) as session:
        scale = session.scalars(
            select(RatingScale).where(RatingScale.slug == "claimreview-example-checks")
        ).one()
        levels_with_alias = [
            {
                "label": level.label,
                "score": level.score,
                "bucket": level.bucket.value,
                "aliases": ["Joke"] if level.label == "Satire" else [],
            }
            for level in scale.levels
        ]
    native = {
        "factcheck": 1,
        "scales": [
            {
                "slug": "claimreview-example-checks",
                "name": "Example Checks (ClaimReview)",
                "publisher": "cr-organization-example-checks",
                "levels": levels_with_alias,
            }
        ],
    }
    code, _stdout, stderr = run("import", str(write(tmp_path, native, "alias.json")))
    assert code == 0, stderr
    third = [review("https://example.org/6", {"alternateName": "joke"})]
    assert run("import", str(write(tmp_path, third, "three.json")))[0] == 0
    assert verdicts(engine)[-1][1:3] == ("claimreview-example-checks", "Satire")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            {"datePublished": "2020-02-30"},
            "feed.json:24: record 2 (ClaimReview https://example.org/2), field datePublished:"
            " '2020-02-30' does not exist (day is out of range for month)",
        ),
        (
            {"url": "ftp://example.org/2"},
            "feed.json:24: record 2 (ClaimReview ftp://example.org/2), field url:"
            " 'ftp://example.org/2' is not a web address (give an http(s):// URL)",
        ),
        (
            {"reviewRating": {"@type": "Rating", "ratingValue": 3}},
            "feed.json:24: record 2 (ClaimReview https://example.org/2), field"
            " reviewRating.alternateName: is missing (give the rating in words)",
        ),
        (
            {"author": None},
            "feed.json:24: record 2 (ClaimReview https://example.org/2), field author:"
            " is missing (name the organisation that wrote the fact check)",
        ),
    ],
)
def test_a_bad_record_names_file_record_and_field_and_writes_nothing(
    db_env: str, tmp_path: Path, change: dict[str, Any], error: str
) -> None:
    records = [
        review("https://example.org/1", {"alternateName": "False"}),
        review("https://example.org/2", {"alternateName": "True"}),
    ]
    records[1].update(change)
    before = counts_at(db_env)
    code, stdout, stderr = run("import", str(write(tmp_path, records)))
    assert (code, stdout) == (4, "")
    assert stderr.replace(str(tmp_path) + "/", "") == f"Error: {error}\n"
    assert counts_at(db_env) == before


def test_a_file_without_claimreviews_is_an_error(db_env: str, tmp_path: Path) -> None:
    path = write(tmp_path, {"@type": "DataFeed", "dataFeedElement": []})
    code, _stdout, stderr = run("import", "--format", "claimreview", str(path))
    assert code == 4
    assert stderr.endswith("feed.json: no ClaimReview found (give ClaimReview objects, a DataFeed"
                           " of them, or a claims:search response)\n")  # fmt: skip


def hanoi_with_verdicts(url: str) -> None:
    """The Hanoi fixture, a verdict with a URL on each of two claims, one without."""
    db = ("--db", url)
    assert run(*db, "import", str(FIXTURE))[0] == 0
    added = [
        ("1", "Foreign Policy", "False", "basic", "https://example.org/fp/1"),
        ("2", "Foreign Policy", "pants-fire", "politifact", "https://example.org/fp/2"),
        ("3", "Foreign Policy", "Three Pinocchios", "pinocchios", None),
    ]
    for claim, by, rating, scale, review_url in added:
        options = ["--scale", scale, "--date", "2019-03-04", "--explanation", "See the record."]
        if review_url:
            options += ["--url", review_url]
        result = invoke(*db, "verdict", "add", claim, "--by", by, "--rating", rating, *options)
        assert result.exit_code == 0, result.stderr


def test_hanoi_exports_claimreview_that_round_trips(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    first = fresh_database(postgres_database, sqlite_template, tmp_path, "first")
    hanoi_with_verdicts(first)
    exported = tmp_path / "hanoi.jsonld"
    code, stdout, stderr = run("--db", first, "export", "-o", str(exported))
    assert (code, stdout) == (0, "")
    assert stderr.splitlines() == [
        "Warning: verdict #3 by Foreign Policy on claim #3 left out: no url (the review's web"
        ' address); record a revision with factcheck verdict add 3 --by 3 --rating "Three'
        ' Pinocchios" --url URL',
        f"Exported to {exported}: 2 ClaimReviews.",
    ]
    text = exported.read_text(encoding="utf-8")
    document = json.loads(text)
    assert (document["@context"], document["@type"]) == ("https://schema.org", "DataFeed")
    first_review, second_review = document["dataFeedElement"]
    work = {
        "@type": "Article",
        "name": "There's a Silver Lining in the Clouds Over the North Korea Negotiations",
        "datePublished": "2019-03",
        "publisher": {"@type": "Organization", "name": "Foreign Policy"},
    }
    assert first_review == {
        "@type": "ClaimReview",
        "url": "https://example.org/fp/1",
        "claimReviewed": "North Korea wanted the sanctions lifted in their entirety in exchange"
        " for closing the Yongbyon nuclear complex.",
        "author": {"@type": "Organization", "name": "Foreign Policy"},
        "datePublished": "2019-03-04",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 4,
            "worstRating": 1,
            "alternateName": "False",
            "ratingExplanation": "See the record.",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Donald Trump"},
            "datePublished": "2019-02-28",
            "inLanguage": "en",
            "appearance": [work],
            "firstAppearance": work,
        },
    }
    assert second_review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "Pants on Fire",
        "ratingExplanation": "See the record.",
    }
    assert second_review["itemReviewed"]["author"] == {"@type": "Person", "name": "Ri Yong Ho"}
    assert second_review["itemReviewed"]["datePublished"] == "2019-03-01T00:00"

    second = fresh_database(postgres_database, sqlite_template, tmp_path, "second")
    code, _stdout, stderr = run("--db", second, "import", str(exported))
    assert code == 0, stderr
    code, again, _stderr = run("--db", second, "export", "--format", "claimreview")
    assert (code, again) == (0, text)
    counts = counts_at(second)
    code, _stdout, stderr = run("--db", second, "import", str(exported))
    assert (code, "Nothing changed." in stderr) == (0, True)
    assert counts_at(second) == counts


def test_claimreview_export_takes_the_native_filters(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    hanoi_with_verdicts(db_env)

    def urls(*options: str) -> list[str]:
        code, stdout, _stderr = run("export", "--format", "claimreview", *options)
        assert code == 0
        return [item["url"] for item in json.loads(stdout)["dataFeedElement"]]

    assert urls("--claim", "2") == ["https://example.org/fp/2"]
    assert urls("--speaker", "Donald Trump") == ["https://example.org/fp/1"]
    assert urls("--topic", "sanctions") == ["https://example.org/fp/1", "https://example.org/fp/2"]
    assert urls("--claim", "5") == []
    _code, stdout, _stderr = run("export", "--format", "claimreview", "--claim", "5")
    assert stdout == (
        '{\n  "@context": "https://schema.org",\n  "@type": "DataFeed",\n'
        '  "dataFeedElement": []\n}\n'
    )
    with Session(engine) as session:
        assert session.scalars(select(Actor).where(Actor.name == "Foreign Policy")).one()
        assert len(session.scalars(select(Source)).all()) == 1


def test_actors_and_sources_the_database_has_are_not_added_again(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    assert run("import", str(FIXTURE))[0] == 0
    source = {"factcheck": 1, "sources": [{"key": "post", "url": "https://social.example/p"}]}
    assert run("import", str(write(tmp_path, source, "source.json")))[0] == 0
    record = review("https://example.org/r", {"alternateName": "False"})
    record["author"] = {"@type": "Organization", "name": "Foreign Policy"}
    record["itemReviewed"]["author"] = {"@type": "Person", "name": "Donald Trump"}
    record["itemReviewed"]["appearance"] = ["https://social.example/p"]
    before = counts_at(db_env)
    for _time in range(2):
        code, _stdout, stderr = run("import", str(write(tmp_path, record)))
        assert code == 0, stderr
    after = counts_at(db_env)
    assert after["actors"] == before["actors"]
    assert after["sources"] == before["sources"]
    with Session(engine) as session:
        verdict = session.scalars(select(Verdict)).one()
        assert verdict.reviewer.import_key == "foreign-policy"
        assert verdict.claim.speaker.import_key == "donald-trump"
        (appearance,) = session.scalars(
            select(Appearance).where(Appearance.claim_id == verdict.claim_id)
        ).all()
        assert appearance.source.import_key == "post"


def test_an_error_found_by_the_native_checks_names_the_claimreview(
    db_env: str, tmp_path: Path
) -> None:
    records = [
        review("https://example.org/1", {"alternateName": "False"}),
        review("https://example.org/2", {"alternateName": "False"}, claimReviewed="x" * 100_001),
    ]
    before = counts_at(db_env)
    code, _stdout, stderr = run("import", str(write(tmp_path, records)))
    assert code == 4
    assert stderr.startswith("Error: ") and str(tmp_path) in stderr
    assert "feed.json:24: record 2 (ClaimReview https://example.org/2): claims[1]" in stderr
    assert "100,001 characters" in stderr
    assert counts_at(db_env) == before


def test_an_error_in_a_search_response_names_the_claims_field(db_env: str, tmp_path: Path) -> None:
    review_node = {"publisher": {"name": "P"}, "url": "https://p.example/1", "textualRating": "No"}
    data = {
        "claims": [{"text": "Said", "claimReview": [review_node]}, {"claimReview": [review_node]}]
    }
    code, _stdout, stderr = run("import", str(write(tmp_path, data)))
    assert code == 4
    assert stderr.replace(str(tmp_path) + "/", "") == (
        "Error: feed.json:17: record 2 (ClaimReview https://p.example/1), field claims[1].text:"
        " is missing (give the claim's words)\n"
    )


def test_skip_invalid_leaves_a_bad_fact_check_out(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    records = [
        review("https://example.org/1", {"alternateName": "False"}),
        review("https://example.org/2", {"alternateName": "True"}, author=None),
    ]
    path = write(tmp_path, records)
    code, _stdout, stderr = run("import", str(path), "--skip-invalid")
    assert code == 0, stderr
    assert "verdicts: 1 created, 0 updated, 0 unchanged, 1 rejected" in stderr
    rejects = [json.loads(line) for line in (tmp_path / "feed.json.rejects.jsonl").open()]
    assert len(rejects) == 1
    assert rejects[0]["data"]["url"] == "https://example.org/2"
    assert "field author: is missing" in rejects[0]["error"]
    assert [row[4] for row in verdicts(engine)] == ["https://example.org/1"]


def write_feed(path: Path, count: int) -> None:
    """A DataFeed of ``count`` ClaimReviews, as DataFeedItems, two publishers' reviews of
    each claim, each review naming a page the claim appeared on."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "@context": "https://schema.org",\n "@type": "DataFeed",\n')
        out.write(' "dataFeedElement": [\n')
        for number in range(count):
            claim = number // 2
            record = review(
                f"https://checks.example/{number}",
                {"alternateName": ("False", "True", "Misleading")[number % 3]},
                claimReviewed=f"Claim number {claim} was said",
                author={"@type": "Organization", "name": f"Checker {number % 2}"},
            )
            record["itemReviewed"]["appearance"] = [f"https://news.example/{claim}/{number}"]
            item = {"@type": "DataFeedItem", "item": [record]}
            separator = ",\n" if number < count - 1 else "\n"
            out.write(json.dumps(item, indent=1, ensure_ascii=False) + separator)
        out.write(" ]\n}\n")


def feed_line(text: str, url: str) -> int:
    """The line of the ``{`` that opens the ClaimReview with ``url`` in a ``write_feed``
    file (two lines above its ``url``)."""
    lines = text.splitlines()
    return lines.index(f'   "url": "{url}",') + 1 - 2


def test_a_claims_reviews_in_different_pieces_make_one_complete_claim(
    db_env: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claimreview, "REVIEWS_PER_PIECE", 2)
    said = {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"}}
    records = [
        review("https://example.org/1", {"alternateName": "False"}, claimReviewed="Same"),
        review("https://example.org/2", {"alternateName": "True"}),
        review("https://example.org/3", {"alternateName": "True"}),
        review(
            "https://example.org/4",
            {"alternateName": "Misleading"},
            claimReviewed="Same",
            author={"@type": "Organization", "name": "Other Checks"},
            itemReviewed={**said, "inLanguage": "de", "appearance": ["https://news.example/a"]},
        ),
        # The first fact check again, rated again: the later record is the verdict.
        review("https://example.org/1", {"alternateName": "Mostly false"}, claimReviewed="Same"),
        review(
            "https://example.org/5",
            {"alternateName": "False"},
            claimReviewed="Same",
            itemReviewed={**said, "appearance": [{"url": "https://news.example/b", "name": "B"}]},
        ),
    ]
    for item in records:
        item["itemReviewed"].pop("datePublished", None)
    path = write(tmp_path, {"@type": "DataFeed", "dataFeedElement": records})
    code, _stdout, stderr = run("import", str(path))
    assert code == 0, stderr
    assert "claims: 3 created" in stderr and "verdicts: 5 created" in stderr
    with Session(engine) as session:
        claim = session.scalars(select(Claim).where(Claim.text == "Same")).one()
        assert claim.language == "de"
        found = session.scalars(select(Appearance).where(Appearance.claim_id == claim.id))
        assert sorted(a.source.url or "" for a in found) == [
            "https://news.example/a",
            "https://news.example/b",
        ]
    assert [(row[2], row[4]) for row in verdicts(engine) if row[3] == "Same"] == [
        ("Misleading", "https://example.org/4"),
        ("Mostly False", "https://example.org/1"),
        ("False", "https://example.org/5"),
    ]
    before = counts_at(db_env)
    code, _stdout, stderr = run("import", str(path))
    assert code == 0 and "Nothing changed." in stderr
    assert counts_at(db_env) == before


def test_a_bad_record_deep_in_a_streamed_feed_names_its_line(
    db_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claimreview, "REVIEWS_PER_PIECE", 10)
    path = tmp_path / "feed.json"
    write_feed(path, 60)
    text = path.read_text(encoding="utf-8")
    line = feed_line(text, "https://checks.example/47")
    bad = text.replace('"url": "https://checks.example/47",', '"url": "ftp://checks.example/47",')
    path.write_text(bad, encoding="utf-8")
    before = counts_at(db_env)
    code, _stdout, stderr = run("import", str(path))
    assert code == 4
    assert stderr.replace(str(tmp_path) + "/", "") == (
        f"Error: feed.json:{line}: record 48 (ClaimReview ftp://checks.example/47), field url:"
        " 'ftp://checks.example/47' is not a web address (give an http(s):// URL)\n"
    )
    # Found only when its piece is checked, in the fifth piece: the same line.
    long = text.replace("Claim number 23 was said", "x" * 100_001)
    path.write_text(long, encoding="utf-8")
    code, _stdout, stderr = run("import", str(path))
    assert code == 4
    where = f"feed.json:{feed_line(text, 'https://checks.example/46')}: record 47"
    assert f"{where} (ClaimReview https://checks.example/46): claims[3]" in stderr
    assert counts_at(db_env) == before
    broken = text.replace('"url": "https://checks.example/52",', '"url" "x",')
    path.write_text(broken, encoding="utf-8")
    line = feed_line(text, "https://checks.example/52") + 2
    assert run("import", str(path))[2].replace(str(tmp_path) + "/", "") == (
        f"Error: feed.json:{line}: not valid JSON: Expecting ':' delimiter\n"
    )
    assert counts_at(db_env) == before


def test_a_feed_from_standard_input_or_typed_late_is_read(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "feed.json"
    write_feed(path, 6)
    result = invoke("import", "-", "--format", "claimreview", input=path.read_text("utf-8"))
    stderr = result.stderr
    assert result.exit_code == 0, stderr
    assert "claims: 3 created" in stderr and "verdicts: 6 created" in stderr
    # ``@type`` after the list: the feed is read whole, to the same records.
    data = json.loads(path.read_text(encoding="utf-8"))
    late = {"dataFeedElement": data["dataFeedElement"], "@type": "DataFeed"}
    code, _stdout, stderr = run("import", str(write(tmp_path, late, "late.json")))
    assert code == 0 and "Nothing changed." in stderr
    assert len(verdicts(engine)) == 6


def peak_memory(url: str, path: Path) -> int:
    from factcheck.importers import import_file
    from tests.helpers_interchange import engine_for

    with Session(engine_for(url), info={"user": "tester"}) as session:
        tracemalloc.start()
        try:
            import_file(session, path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        session.rollback()
    return peak


def test_memory_grows_only_with_small_facts_of_each_claim(
    database_url: str, tmp_path: Path
) -> None:
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    write_feed(small, 300)
    write_feed(large, 3_000)
    assert large.stat().st_size > 9 * small.stat().st_size
    peak_memory(database_url, small)  # once first: the statements compiled, the caches full
    small_peak = peak_memory(database_url, small)
    large_peak = peak_memory(database_url, large)
    # Ten times the fact checks: what each claim and work is called and where it appeared
    # (some 600 bytes a fact check here). Reading the whole file first, it grows by some
    # 5 kilobytes a fact check, and the peak is several times the small file's.
    assert large_peak - small_peak < 1_500 * (3_000 - 300), (small_peak, large_peak)
    assert large_peak < 2.5 * small_peak, (small_peak, large_peak)
