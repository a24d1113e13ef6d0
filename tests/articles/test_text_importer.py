from pathlib import Path

import pytest

from articles.importers.story import StoryError
from articles.importers.text import (
    parse_byline,
    parse_credit,
    parse_story,
    read_stories,
    story_key,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str):
    (story,) = read_stories(DATA / "text" / name)
    return story


def test_parse_reads_headline_dek_and_byline():
    story = read("ferry-strike.txt")

    assert story.headline == "Veltria ferry strike ends as crews accept new rota"
    assert story.dek == "The agreement restores the night crossing to Skarholm from next week."
    assert story.writers == ("Ilse Varga",)
    assert story.outlet == "Northgate Ledger"


def test_parse_splits_caption_from_its_credit():
    image = read("ferry-strike.txt").image

    assert image.caption == "Deckhands leave the Port Ellis terminal after the vote on Tuesday."
    assert image.credit_line == "Mara Quill/Coastline Wire"
    assert image.photographer == "Mara Quill"
    assert image.agency == "Coastline Wire"


def test_parse_keeps_every_body_paragraph_and_quote_in_order():
    paragraphs = read("ferry-strike.txt").paragraphs

    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Veltrian Transport Minister Odile Marchetti announced")
    assert paragraphs[1] == "“Nobody wanted another winter without the night boat,” Marchetti said."
    assert paragraphs[-1] == "Renner said the first night sailing would leave on Friday."


def test_parse_normalises_no_break_and_trailing_spaces():
    story = read("ferry-strike.txt")
    words = [story.dek, story.image.caption, *story.paragraphs]

    assert not any(ch in text for text in words for ch in "\u00a0\u202f")
    assert not any(text != text.strip() or "  " in text for text in words)
    assert "on every crossing." in story.paragraphs[2]


def test_parse_ends_the_story_at_the_related_posts_trailer():
    story = read("ferry-strike.txt")

    assert not any("Related Post" in p or "Port Ellis council" in p for p in story.paragraphs)


def test_parse_reads_agency_photo_credit_and_two_writers_with_outlet():
    story = read("bridge-opens.txt")

    assert (story.image.agency, story.image.photographer) == ("AP", "Jonas Ekdahl")
    assert story.writers == ("Priya Nandakumar", "Felix Odum")
    assert story.outlet == "Riverside Courier"


def test_parse_reads_agency_only_credit_and_three_writers_without_outlet():
    story = read("sea-wall.txt")

    assert (story.image.agency, story.image.photographer) == ("Reuters", "")
    assert story.image.caption == "Waves break over the old sea wall at Port Ellis."
    assert story.writers == ("Ana Ruiz", "Dmitri Vale", "Sun-hee Park")
    assert story.outlet == ""


def test_parse_keeps_dateline_in_first_paragraph_when_there_is_no_caption():
    story = read("airport-storm.txt")

    assert story.image is None
    assert story.dek == "Airlines moved hundreds of passengers onto the morning ferry."
    assert story.paragraphs[0].startswith("SKARHOLM, Veltria (Coastline Wire) — Gusts")


def test_parse_without_byline_reads_everything_after_the_caption_as_body():
    story = read("lighthouse.txt")

    assert story.writers == ()
    assert story.outlet == ""
    assert story.image.photographer == "Mara Quill"
    assert story.paragraphs[0].startswith("Twelve volunteers")


def test_parse_without_byline_takes_the_block_before_a_dateline_as_dek():
    story = parse_story(
        "Harbour reopens\n\nThe dredging is finished.\n\n"
        "PORT ELLIS (Coastline Wire) — Ships returned on Monday.\n"
    )

    assert story.dek == "The dredging is finished."
    assert story.paragraphs == ("PORT ELLIS (Coastline Wire) — Ships returned on Monday.",)


def test_parse_does_not_take_a_lower_case_aside_for_a_credit():
    story = parse_story("Harbour reopens\n\nShips returned (at last).\n\nThe quay is busy.\n")

    assert story.image is None
    assert story.paragraphs == ("Ships returned (at last).", "The quay is busy.")


def test_parse_reads_one_paragraph_per_line_when_the_file_has_no_blank_lines():
    story = parse_story("Harbour reopens\nBy Ilse Varga, Northgate Ledger\nShips came.\nGulls too.")

    assert story.writers == ("Ilse Varga",)
    assert story.paragraphs == ("Ships came.", "Gulls too.")


def test_parse_accepts_windows_line_endings_and_a_byte_order_mark():
    (story,) = [parse_story("\ufeffHarbour reopens\r\n\r\nShips came.\r\n")]

    assert story.headline == "Harbour reopens"
    assert story.paragraphs == ("Ships came.",)


@pytest.mark.parametrize(
    ("credit", "photographer", "agency"),
    [
        ("Amos Lind/GPO", "Amos Lind", "GPO"),
        ("AP Photo/Jane Roe", "Jane Roe", "AP"),
        ("AP Photo/Jane Roe, File", "Jane Roe", "AP"),
        ("Reuters", "", "Reuters"),
        ("Photo: Jane Roe", "Jane Roe", ""),
        ("Photo by Jane Roe", "Jane Roe", ""),
        ("Photo: Reuters", "", "Reuters"),
        ("Jane Roe/AFP via Getty Images", "Jane Roe", "AFP"),
        ("Jane Roe via Getty Images", "Jane Roe", "Getty Images"),
        ("Jane Roe/Pool/AFP", "Jane Roe", "AFP"),
        ("Courtesy of the harbour board", "", ""),
    ],
)
def test_parse_credit_splits_photographer_and_agency(credit, photographer, agency):
    parsed = parse_credit(credit)

    assert (parsed.photographer, parsed.agency, parsed.line) == (photographer, agency, credit)


@pytest.mark.parametrize(
    ("line", "writers", "outlet"),
    [
        ("By Ilse Varga, Northgate Ledger", ("Ilse Varga",), "Northgate Ledger"),
        (
            "By Ilse Varga and Felix Odum, Riverside Courier",
            ("Ilse Varga", "Felix Odum"),
            "Riverside Courier",
        ),
        (
            "By Ana Ruiz, Dmitri Vale and Sun-hee Park",
            ("Ana Ruiz", "Dmitri Vale", "Sun-hee Park"),
            "",
        ),
        ("By Ana Ruiz, Dmitri Vale, and Wim Jansen", ("Ana Ruiz", "Dmitri Vale", "Wim Jansen"), ""),
        ("BY Ilse Varga", ("Ilse Varga",), ""),
        ("By Ilse Varga, Staff Writer", ("Ilse Varga",), ""),
        ("By Ursula van der Berg, Northgate Ledger", ("Ursula van der Berg",), "Northgate Ledger"),
    ],
)
def test_parse_byline_reads_writers_and_outlet(line, writers, outlet):
    byline = parse_byline(line)

    assert (byline.writers, byline.outlet) == (writers, outlet)


@pytest.mark.parametrize(
    "line", ["By Tuesday, the council had agreed.", "Bystanders filmed the ferry", "By 2030"]
)
def test_parse_byline_rejects_sentences_that_start_with_by(line):
    assert parse_byline(line) is None


def test_story_key_ignores_case_spacing_and_curly_quotes():
    assert story_key(outlet="Northgate Ledger", headline="Ferry’s last run") == story_key(
        outlet="northgate  ledger", headline="FERRY'S LAST RUN "
    )


def test_story_key_differs_by_outlet():
    assert story_key(outlet="Northgate Ledger", headline="Ferry") != story_key(
        outlet="Riverside Courier", headline="Ferry"
    )


def test_parse_gives_same_identity_to_the_same_story():
    assert read("ferry-strike.txt").external_id == read("ferry-strike.txt").external_id
    assert read("ferry-strike.txt").external_id != read("bridge-opens.txt").external_id


def test_read_reports_an_empty_file_at_line_1():
    with pytest.raises(StoryError) as error:
        read_stories(DATA / "text_malformed" / "empty.txt")

    assert (error.value.line, error.value.reason) == (1, "file is empty")


def test_read_reports_the_line_of_invalid_utf8():
    with pytest.raises(StoryError) as error:
        read_stories(DATA / "text_malformed" / "not-utf8.txt")

    assert error.value.line == 3
    assert "not valid UTF-8" in error.value.reason


def test_parse_reports_a_story_without_body_at_its_last_header_line():
    with pytest.raises(StoryError) as error:
        read_stories(DATA / "text_malformed" / "no-body.txt")

    assert (error.value.line, error.value.reason) == (5, "story has no body")


def test_parse_rejects_a_headline_longer_than_255_characters():
    with pytest.raises(StoryError) as error:
        parse_story("\n" + "Ferry " * 50 + "\n\nShips came.\n")

    assert (error.value.line, error.value.reason) == (
        2,
        "headline is longer than 255 characters",
    )
