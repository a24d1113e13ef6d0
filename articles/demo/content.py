"""Who and what the demo stories are about: Wrenmouth, an invented estuary city, and its people.

Everything here is made up for the demo and written for this project. Slugs are the stable keys
that make loading the demo twice harmless.
"""

from dataclasses import dataclass

from articles.demo.photos import Palette, Scene


@dataclass(frozen=True)
class DemoOutlet:
    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class Avatar:
    """Colours for a drawn head-and-shoulders portrait."""

    background: str
    figure: str


@dataclass(frozen=True)
class DemoContributor:
    slug: str
    name: str
    outlet: str  # an outlet slug
    bio: str
    avatar: Avatar | None = None


@dataclass(frozen=True)
class DemoPerson:
    slug: str
    name: str
    office: str


@dataclass(frozen=True)
class DemoSection:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Quote:
    """A block quote in a story body, with the speaker as printed under it."""

    text: str
    by: str


@dataclass(frozen=True)
class DemoPhoto:
    scene: Scene
    caption: str
    alt_text: str
    photographer: str  # a contributor slug
    agency: str  # an outlet slug


@dataclass(frozen=True)
class DemoStory:
    slug: str
    headline: str
    dek: str
    section: str  # a section slug
    body: tuple[str | Quote, ...]
    bylines: tuple[tuple[str, str], ...]  # (contributor slug, byline role), in print order
    tags: tuple[str, ...]
    people: tuple[str, ...]  # person slugs
    photo: DemoPhoto
    # Hours before the load; negative means scheduled for the future, None leaves a draft.
    hours_ago: float | None
    source: tuple[str, str] | None = None  # (outlet slug, original URL) for syndicated stories


OUTLETS = (
    DemoOutlet("wrenmouth-ledger", "The Wrenmouth Ledger", "https://ledger.example.org/"),
    DemoOutlet("coastline-wire", "Coastline Wire", "https://coastlinewire.example.org/"),
    DemoOutlet("estuary-weekly", "Estuary Weekly", "https://estuaryweekly.example.org/"),
)

CONTRIBUTORS = (
    DemoContributor(
        "maren-okafor",
        "Maren Okafor",
        "wrenmouth-ledger",
        "City hall reporter. Covers the council, the budget and the ferries that tie the "
        "island to the city.",
        Avatar(background="#d9936e", figure="#56302a"),
    ),
    DemoContributor(
        "tobias-vell",
        "Tobias Vell",
        "wrenmouth-ledger",
        "Business editor. Writes about the port, the shipyard at Crane Point and the traders "
        "of Salt Street.",
        Avatar(background="#6d9cc6", figure="#22385a"),
    ),
    DemoContributor(
        "ines-carraway",
        "Ines Carraway",
        "wrenmouth-ledger",
        "Sport reporter, and the Ledger's photographer when the rowing clubs are on the water.",
    ),
    DemoContributor(
        "dov-halloran",
        "Dov Halloran",
        "wrenmouth-ledger",
        "Arts critic. Reviews theatre, music and exhibitions on both banks of the Wren.",
    ),
    DemoContributor(
        "priya-stenhouse",
        "Priya Stenhouse",
        "coastline-wire",
        "Staff photographer for Coastline Wire, based on the estuary.",
        Avatar(background="#8fbe9e", figure="#23473a"),
    ),
    DemoContributor(
        "luca-brannigan",
        "Luca Brannigan",
        "estuary-weekly",
        "Environment correspondent for Estuary Weekly. Spends more time on mudflats than is "
        "strictly sensible.",
    ),
)

PEOPLE = (
    DemoPerson("celia-ashgrove", "Celia Ashgrove", "Mayor of Wrenmouth"),
    DemoPerson(
        "roald-pennick", "Roald Pennick", "Leader of the opposition, Wrenmouth City Council"
    ),
    DemoPerson("yusuf-garrow", "Yusuf Garrow", "Harbour master, Port of Wrenmouth"),
    DemoPerson("edda-lindqvist", "Edda Lindqvist", "Chief executive, Saltline Ferries"),
    DemoPerson(
        "anselm-reyes", "Anselm Reyes", "Professor of coastal ecology, University of Wrenmouth"
    ),
    DemoPerson("bettina-marsh", "Bettina Marsh", "Chair, Salt Street Market Traders' Association"),
    DemoPerson("marcus-tembe", "Marcus Tembe", "Head coach, Wrenmouth Rovers"),
    DemoPerson("noor-castellan", "Noor Castellan", "Director, Tannery Row Arts Centre"),
)

SECTIONS = (
    DemoSection("city", "City", "Streets, tides and services across Wrenmouth."),
    DemoSection("politics", "Politics", "The council chamber, the budget and the mayor's office."),
    DemoSection("business", "Business", "The port, the yards, the market and the money."),
    DemoSection("sport", "Sport", "Wrenmouth Rovers, the rowing clubs and the estuary derby."),
    DemoSection("culture", "Culture", "Theatre, music and exhibitions on both banks of the Wren."),
)

# One palette per story, so the front page never shows two pictures in the same light.
PALETTES = {
    "dusk": Palette(
        sky_top="#2b3a67",
        sky_horizon="#f0a35e",
        sun="#ffd27f",
        sea_far="#c9825a",
        sea_near="#1f2d4d",
        land="#2a2438",
        accent="#b8483a",
        cloud="#f7c8a0",
        lights_on=True,
    ),
    "storm": Palette(
        sky_top="#2c363f",
        sky_horizon="#8c979b",
        sun="#d8dcd6",
        sea_far="#66757a",
        sea_near="#1b262c",
        land="#1d2428",
        accent="#c9a227",
        cloud="#4f5960",
        lights_on=True,
    ),
    "night": Palette(
        sky_top="#0b1330",
        sky_horizon="#2d3f73",
        sun="#f2f0d8",
        sea_far="#27386a",
        sea_near="#070c1f",
        land="#0d1124",
        accent="#3b5b8c",
        cloud="#3a4a7a",
        is_night=True,
        lights_on=True,
    ),
    "morning": Palette(
        sky_top="#7fb2d9",
        sky_horizon="#e8eef0",
        sun="#fff6d6",
        sea_far="#9cc3d5",
        sea_near="#2f6f8f",
        land="#3f5a4a",
        accent="#d9623b",
    ),
    "pearl": Palette(
        sky_top="#a7c2d6",
        sky_horizon="#f4e8da",
        sun="#fff3e0",
        sea_far="#c3d3d0",
        sea_near="#4a7a78",
        land="#5e7257",
        accent="#e2a653",
    ),
    "noon": Palette(
        sky_top="#3f86cf",
        sky_horizon="#d4ebf7",
        sun="#fffbe8",
        sea_far="#86bfd9",
        sea_near="#184f78",
        land="#56665a",
        accent="#2d6cb0",
    ),
    "golden": Palette(
        sky_top="#d9844a",
        sky_horizon="#fbe1a0",
        sun="#fff0c2",
        sea_far="#e3ab6c",
        sea_near="#4f4257",
        land="#3b3040",
        accent="#a63a2d",
        cloud="#fcd9a6",
    ),
    "haze": Palette(
        sky_top="#ecae98",
        sky_horizon="#fde9d4",
        sun="#fff4e6",
        sea_far="#efc8ab",
        sea_near="#756989",
        land="#6b4f5a",
        accent="#3c8c87",
    ),
    "breeze": Palette(
        sky_top="#3a7bc8",
        sky_horizon="#c2e4f0",
        sun="#fffde8",
        sea_far="#5db4ca",
        sea_near="#0e4a6b",
        land="#2e4b3e",
        accent="#e4553c",
    ),
    "violet": Palette(
        sky_top="#2b2350",
        sky_horizon="#c97fa9",
        sun="#ffc9a8",
        sea_far="#8b5a8e",
        sea_near="#181430",
        land="#1b1532",
        accent="#e08a5b",
        cloud="#a56a98",
        lights_on=True,
    ),
    "slate": Palette(
        sky_top="#8ea2b4",
        sky_horizon="#dfe4e6",
        sun="#f6f6f2",
        sea_far="#a1b1b8",
        sea_near="#3b525f",
        land="#414b52",
        accent="#d4a017",
        cloud="#eef0f1",
    ),
    "teal": Palette(
        sky_top="#5e7e8b",
        sky_horizon="#cad7d1",
        sun="#f4f1e2",
        sea_far="#739a94",
        sea_near="#1e3c43",
        land="#2b393b",
        accent="#c44536",
        cloud="#e1e8e5",
    ),
    "frost": Palette(
        sky_top="#243a55",
        sky_horizon="#f0c4a0",
        sun="#ffe0bd",
        sea_far="#a4a9b8",
        sea_near="#1f2e46",
        land="#262d3f",
        accent="#b5443a",
        cloud="#d9b7a6",
        lights_on=True,
    ),
}
