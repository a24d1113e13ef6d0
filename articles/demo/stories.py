"""The demo stories: a week or so of news from Wrenmouth, written for this project.

Bodies are plain text (the loader escapes and wraps them), so the prose reads as prose here.
"""

from articles.demo.content import PALETTES, DemoPhoto, DemoStory, Quote
from articles.demo.photos import Scene

STORIES = (
    DemoStory(
        slug="night-ferry-gullstone-winter",
        headline="Night ferry to Gullstone Island will run all winter after late council deal",
        dek=(
            "A cross-party compromise found the £410,000 needed to keep the 22:40 sailing, "
            "but islanders are told the service will be reviewed again next year."
        ),
        section="politics",
        body=(
            "The last ferry of the night between Wrenmouth and Gullstone Island will keep "
            "running through the winter after councillors agreed a compromise that had looked "
            "unlikely only hours before the vote.",
            "The 22:40 sailing from the North Pier had been due to stop at the end of the "
            "month, when the city’s contract with Saltline Ferries runs out. Roughly 300 people "
            "a week use it, most of them islanders who work evening shifts at the hospital, in "
            "the hotels along the Eastern Promenade or at the container terminal.",
            "Mayor Celia Ashgrove told the chamber that the money would come from an "
            "underspend in the highways budget rather than from higher fares. “Nobody on "
            "Gullstone should have to choose between their job and getting home,” she said. "
            "“This is not a luxury. For a nurse finishing at ten, it is the only way back.”",
            "The deal was struck with the opposition, whose leader, Roald Pennick, had tabled "
            "an amendment to cut the sailing to three nights a week. He withdrew it after the "
            "mayor agreed to publish passenger figures every month.",
            Quote(
                "We have kept the boat running, and that is right. But we are spending £410,000 "
                "without knowing who is on it or why. By next autumn I want numbers, not "
                "anecdotes.",
                "Roald Pennick, leader of the opposition",
            ),
            "Saltline Ferries said it would keep the same crew and vessel on the route. Its "
            "chief executive, Edda Lindqvist, said the company had been days away from "
            "moving staff to other crossings. “We are relieved, and so are our crews, several "
            "of whom live on the island themselves,” Lindqvist said.",
            "Islanders who campaigned against the cut welcomed the decision, but said a "
            "one-year reprieve left them planning their lives around the next budget. The "
            "council has promised a review of island transport, including the daytime "
            "timetable, before a new contract is signed.",
        ),
        bylines=(("maren-okafor", "writer"),),
        tags=("ferries", "city council", "Gullstone Island", "budget"),
        people=("celia-ashgrove", "roald-pennick", "edda-lindqvist"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["dusk"],
                sun=(0.3, 0.56),
                boats=2,
                pier=True,
                headland="right",
                lighthouse=True,
                birds=4,
            ),
            caption="The North Pier at dusk. The last ferry to Gullstone Island leaves at 22:40.",
            alt_text=(
                "Stylised drawing of a pier reaching into a calm sea at dusk, with small boats "
                "on the water and a striped lighthouse on a dark headland."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=2.5,
    ),
    DemoStory(
        slug="storm-hesper-old-quay-tide",
        headline="Storm Hesper drives the highest tide in three decades into the Old Quay",
        dek=(
            "Water reached the doorsteps of Quay Street before dawn. The harbour master says "
            "the flood defences held, but with little to spare."
        ),
        section="city",
        body=(
            "Seawater spilled over the harbour wall at the Old Quay early yesterday as Storm "
            "Hesper combined with a spring tide to give the highest water level recorded in "
            "Wrenmouth for more than thirty years.",
            "The gauge at the harbour entrance peaked at 6.1 metres shortly after 5am, "
            "according to the Port of Wrenmouth, eleven centimetres above the previous record. "
            "Shopkeepers on Quay Street woke to water lapping at their doorsteps, and the lower "
            "car park was closed for most of the morning.",
            "The harbour master, Yusuf Garrow, said the flood gates at the mouth of the Wren "
            "had been shut at midnight and had done what they were built to do. “They held, "
            "but there was not a great deal to spare,” Garrow said. “Another twenty "
            "centimetres and we would be having a very different conversation.”",
            Quote(
                "I have seen the water come over the wall before. I have never seen it come "
                "over the wall and keep on coming.",
                "Sandra Pike, owner of the Crow’s Nest café on Quay Street",
            ),
            "Volunteers from the harbour rowing clubs spent the morning filling sandbags at the "
            "council depot on Tannery Row, and by midday most businesses had reopened. Two cars "
            "left in the lower car park were written off.",
            "Anselm Reyes, professor of coastal ecology at the University of Wrenmouth, said "
            "surges like this one would become more common as sea levels rose. “What was a "
            "once-in-a-generation tide is becoming a once-in-a-decade tide,” he said.",
            "Mayor Celia Ashgrove visited the quay in the afternoon and said engineers would "
            "check whether the surge had undone any of the repairs under way on the Eastern "
            "Breakwater. “Last night was a warning, and we intend to listen to it,” she said.",
        ),
        bylines=(
            ("maren-okafor", "writer"),
            ("tobias-vell", "contributor"),
            ("priya-stenhouse", "photographer"),
        ),
        tags=("weather", "harbour", "Old Quay", "Eastern Breakwater"),
        people=("yusuf-garrow", "anselm-reyes", "celia-ashgrove"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["storm"], sun=None, clouds=10, skyline=True, boats=2, is_choppy=True
            ),
            caption="Storm clouds over the Old Quay as the tide reached its peak.",
            alt_text=(
                "Stylised drawing of a harbour town under heavy grey cloud, its buildings "
                "reflected in dark, choppy water."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=9,
    ),
    DemoStory(
        slug="rovers-draw-kilnbury",
        headline="Rovers come back from two goals down to hold Kilnbury in the estuary derby",
        dek=(
            "A late header from captain Jonah Reed earned Wrenmouth a 2–2 draw under the "
            "Quayside floodlights and kept them in the play-off places."
        ),
        section="sport",
        body=(
            "Wrenmouth Rovers looked beaten at half-time. Kilnbury led 2–0, the Quayside Ground "
            "had gone quiet and the visiting fans in the Harbour End were singing about the "
            "ferry home. Forty-five minutes later it was the home crowd that stayed behind to "
            "applaud.",
            "Kilnbury scored twice in nine minutes before the break, first from a deflected "
            "free kick and then when Sam Prentice was left alone at the far post. Rovers, "
            "comfortable for the opening half hour, were booed off.",
            "Head coach Marcus Tembe made two changes at the interval, switching to three at "
            "the back and sending on the 18-year-old winger Ellis Varga. It took ten minutes "
            "to pay off: Varga’s low cross was turned in at the near post by Dani Holm.",
            Quote(
                "I told them the game was not lost, just badly organised. Ellis gave us width "
                "and a bit of courage, and the crowd did the rest.",
                "Marcus Tembe, Wrenmouth Rovers head coach",
            ),
            "The equaliser came in the 88th minute. Varga won a corner on the right, and the "
            "captain, Jonah Reed, rose above two defenders to head in off the underside of the "
            "bar. The ground, close to its 6,400 capacity, shook.",
            "Tembe was less forgiving about the first half. “We were too polite, and you cannot "
            "be polite in a derby,” he said. “We will look hard at both goals, because you do "
            "not always get the chance to put it right.”",
            "The draw leaves Rovers fifth, a point clear of Kilnbury with eleven matches to "
            "play. They are away at Marrow Vale next.",
        ),
        bylines=(("ines-carraway", "writer"), ("ines-carraway", "photographer")),
        tags=("football", "Wrenmouth Rovers"),
        people=("marcus-tembe",),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["night"],
                sun=(0.84, 0.16),
                floodlights=True,
                skyline=True,
                hills=False,
                clouds=2,
            ),
            caption="The Quayside Ground’s floodlights, seen across the harbour on derby night.",
            alt_text=(
                "Stylised drawing of two floodlights shining over a low stand and a town "
                "skyline at night, under a moon and stars, reflected in still water."
            ),
            photographer="ines-carraway",
            agency="wrenmouth-ledger",
        ),
        hours_ago=20,
    ),
    DemoStory(
        slug="saltline-electric-ferries",
        headline="Saltline Ferries orders two electric vessels from the Crane Point yard",
        dek=(
            "The £38m order is the largest the Brightwater shipyard has won in a decade and "
            "should secure about 200 jobs until the boats are delivered."
        ),
        section="business",
        body=(
            "Saltline Ferries has ordered two battery-electric ferries for the Gullstone Island "
            "crossing from the Brightwater shipyard at Crane Point, in a £38m contract that "
            "the yard says will keep its workforce busy for the next three years.",
            "The vessels, each able to carry 250 passengers and 40 cars, will replace the two "
            "diesel ferries that have worked the route for a quarter of a century. They will "
            "charge at the North Pier during the twenty-minute turnaround, from a new "
            "substation the company will pay for itself.",
            "Edda Lindqvist, Saltline’s chief executive, said falling battery prices and the "
            "prospect of a longer contract for the crossing had made the order possible. "
            "“Three years ago this crossing was too long for the batteries we could buy. It is "
            "not any more,” she said. “Fuel is the biggest single cost on the route, and this "
            "takes most of it away.”",
            Quote(
                "This is the kind of order a yard like ours waits ten years for. The people who "
                "weld these hulls will be able to watch them sail from their kitchen windows.",
                "Greta Saunders, managing director of Brightwater",
            ),
            "The harbour master, Yusuf Garrow, said the port would have to dredge a berth at "
            "the North Pier for the new ferries, which sit slightly deeper in the water than "
            "the boats they replace. The work is planned for next summer.",
            "Brightwater, which employs about 200 people, has spent most of the past decade on "
            "repairs and refits after losing a run of naval contracts. Union representatives "
            "at the yard called the order “a vote of confidence in skills that were nearly "
            "lost”.",
            "The first ferry is due to enter service in two and a half years, with the second "
            "following six months later.",
        ),
        bylines=(("tobias-vell", "writer"),),
        tags=("ferries", "shipbuilding", "energy", "Gullstone Island"),
        people=("edda-lindqvist", "yusuf-garrow"),
        photo=DemoPhoto(
            scene=Scene(PALETTES["morning"], sun=(0.22, 0.24), cranes=3, boats=2, clouds=4),
            caption="The Brightwater yard at Crane Point, where the new ferries will be built.",
            alt_text=(
                "Stylised drawing of three orange cranes beside a calm blue harbour on a "
                "bright morning, with small boats on the water and green hills behind."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=30,
    ),
    DemoStory(
        slug="seagrass-returns-wren-estuary",
        headline="Seagrass is returning to the Wren estuary five years after dredging stopped",
        dek=(
            "A university survey found meadows covering fourteen hectares of mudflat that was "
            "bare five years ago, with young fish sheltering among the leaves."
        ),
        section="city",
        body=(
            "Seagrass meadows have spread across fourteen hectares of the Wren estuary in the "
            "five years since the Port of Wrenmouth stopped dredging its old eastern channel, "
            "according to a survey published this week by the University of Wrenmouth.",
            "The team, led by Anselm Reyes, professor of coastal ecology, mapped the estuary at "
            "low tide over two summers, using drones to photograph the mudflats and divers to "
            "count what was living among the plants. Where there had been bare mud, it found "
            "dense meadows, with young bass, pipefish and cuttlefish eggs among the leaves.",
            Quote(
                "Seagrass is one of the quickest ways a coast tells you it is healthy again. It "
                "locks carbon into the mud, it calms the water, and it is a nursery for the fish "
                "the harbour’s boats will be catching in a few years’ time.",
                "Anselm Reyes, University of Wrenmouth",
            ),
            "The eastern channel was abandoned when larger cargo ships moved to the deep-water "
            "berths at Crane Point. Without the churn of the dredgers, silt settled, the water "
            "cleared, and seeds carried in from meadows further along the coast took hold.",
            "Yusuf Garrow, the harbour master, said the port had agreed to mark the meadows on "
            "its charts and to ask leisure boats not to anchor over them. “We are a working "
            "harbour and we will stay one,” Garrow said. “But a working harbour can still be a "
            "good neighbour to what lives in it.”",
            "Reyes said the real test would be a hard winter. Storms can tear young seagrass "
            "from the seabed, and the team plans to go back out after the worst of the weather "
            "to measure what is left.",
        ),
        bylines=(("luca-brannigan", "writer"), ("luca-brannigan", "photographer")),
        tags=("environment", "fishing", "harbour"),
        people=("anselm-reyes", "yusuf-garrow"),
        photo=DemoPhoto(
            scene=Scene(PALETTES["pearl"], sun=(0.62, 0.4), clouds=2, boats=1, birds=7),
            caption="Low water on the Wren estuary, where the seagrass meadows have returned.",
            alt_text=(
                "Stylised drawing of a wide, still estuary under a pale morning sky, with low "
                "hills, a single small boat and a flock of birds."
            ),
            photographer="luca-brannigan",
            agency="estuary-weekly",
        ),
        hours_ago=44,
        source=(
            "estuary-weekly",
            "https://estuaryweekly.example.org/environment/seagrass-returns-to-the-wren/",
        ),
    ),
    DemoStory(
        slug="harbour-levy-budget-row",
        headline="Opposition says the harbour levy will land hardest on Salt Street’s traders",
        dek=(
            "The mayor’s budget adds a charge on businesses near the waterfront to pay for "
            "flood defences. Critics say it asks the same of a market stall as of a hotel."
        ),
        section="politics",
        body=(
            "A row over who should pay for Wrenmouth’s flood defences broke out in the council "
            "chamber last night, as the opposition accused the mayor of designing a harbour "
            "levy that would fall hardest on the city’s smallest businesses.",
            "The levy, part of the budget Mayor Celia Ashgrove will put to a vote at the end "
            "of the month, would add a flat £650 a year to the business rates of every shop, "
            "café and workshop within 500 metres of the waterfront. The council expects it to "
            "raise about £1.2m a year towards repairs to the harbour wall and the Eastern "
            "Breakwater.",
            "Roald Pennick, who leads the opposition, said a flat charge meant a fishmonger’s "
            "stall on Salt Street would pay as much as a hotel on the promenade. “A levy that "
            "asks the same of a market trader and a hotel chain is not fair, however it is "
            "dressed up,” he said. He wants the charge tied to the rateable value of each "
            "property.",
            "Bettina Marsh, who chairs the Salt Street Market Traders’ Association and has run "
            "a cheese stall there for twenty-two years, said traders supported better "
            "defences but not the way they were being asked to pay for them.",
            Quote(
                "Every trader on this street has had water through the door at least once. We "
                "are not against paying for the wall. We are against paying for it twice: once "
                "in rates and once in ruined stock.",
                "Bettina Marsh, Salt Street Market Traders’ Association",
            ),
            "Ashgrove defended the design, saying a tiered levy would cost more to collect "
            "than it raised from the smallest firms. “The alternative to a levy is not no "
            "levy. It is a wall that fails,” she told councillors. She said she was open to a "
            "hardship fund for businesses that could show the charge put them at risk.",
            "The association says it will send councillors an alternative proposal before the "
            "vote, and traders plan to gather outside the town hall on the morning of the "
            "meeting.",
        ),
        bylines=(("maren-okafor", "writer"),),
        tags=("city council", "budget", "Salt Street Market", "harbour"),
        people=("roald-pennick", "celia-ashgrove", "bettina-marsh"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["noon"], sun=(0.86, 0.14), skyline=True, pier=True, boats=2, clouds=3
            ),
            caption="The waterfront streets that fall inside the levy’s 500-metre line.",
            alt_text=(
                "Stylised drawing of a waterfront town in bright midday sun, with a wooden "
                "pier and boats in the harbour."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=58,
    ),
    DemoStory(
        slug="gannet-head-logbooks-exhibition",
        headline="A century of weather in a keeper’s hand: the Gannet Head logbooks go on show",
        dek=(
            "Ninety-one volumes kept by the lighthouse’s keepers, recording every gale and "
            "every lamp-lighting until the light went automatic, are on display on Tannery Row."
        ),
        section="culture",
        body=(
            "For ninety-six years, whoever was on watch at Gannet Head lighthouse wrote down "
            "the weather every four hours: the wind, the sea, the visibility, and the minute "
            "the lamp was lit and put out. When the light was automated, the logbooks went into "
            "a cupboard at the harbour office. This month, for the first time, they are on "
            "public display.",
            "“Light Kept”, which opened at the Tannery Row Arts Centre at the weekend, lays the "
            "volumes out in glass cases along the old tannery’s drying loft, open at pages "
            "chosen by the curators and by volunteers who spent a year transcribing them.",
            "The entries are terse, and all the more affecting for it. Ruth Amberley, one of "
            "the few women to keep the light, recorded a night-long gale in three words: “Wind "
            "rising. Held.” Another page lists the ships seen passing in a single week, with a "
            "small cross beside the one that did not come home.",
            "Noor Castellan, the centre’s director, said the team had resisted the temptation "
            "to put the logbooks behind screens and scans.",
            Quote(
                "The keepers were this city’s first weather service, its first coastguard and "
                "its memory. We wanted people to stand in front of the handwriting itself.",
                "Noor Castellan, director of the Tannery Row Arts Centre",
            ),
            "The logbooks were lent by the Port of Wrenmouth, whose staff still consult them. "
            "“If you want to know how often the sea has come over the Eastern Breakwater, the "
            "best record we have is nearly a century of keepers writing it down,” said Yusuf "
            "Garrow, the harbour master.",
            "The exhibition also includes the lighthouse’s brass clockwork, which once turned "
            "the lens and has been restored by volunteers. It runs until the spring, and entry "
            "is free.",
        ),
        bylines=(("dov-halloran", "writer"),),
        tags=("history", "Gannet Head", "weather", "exhibitions"),
        people=("noor-castellan", "yusuf-garrow"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["golden"],
                sun=(0.28, 0.5),
                headland="right",
                lighthouse=True,
                birds=4,
                clouds=3,
            ),
            caption="Gannet Head lighthouse, whose keepers filled ninety-one logbooks.",
            alt_text=(
                "Stylised drawing of a red and white striped lighthouse on a headland in warm "
                "evening light, with the sun low over the sea."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=79,
    ),
    DemoStory(
        slug="salt-street-market-sundays",
        headline="Salt Street Market will open on Sundays after a summer trial beats expectations",
        dek=(
            "Sunday crowds were nearly double the council’s forecast, and two-thirds of "
            "stallholders say they want to keep trading."
        ),
        section="business",
        body=(
            "Salt Street Market will open on Sundays all year round from next month, after a "
            "summer trial drew almost twice as many shoppers as the council had expected.",
            "The covered market, which has about ninety stalls under its iron roof, has "
            "traditionally traded from Tuesday to Saturday. Over the twelve trial Sundays an "
            "average of 4,800 people a day came through its doors, against a forecast of 2,500.",
            "Bettina Marsh, who chairs the market’s traders’ association, said the busiest "
            "Sundays had brought in families who never visited during the week. “For years we "
            "were told people go to the supermarket on a Sunday and that is that,” she said. "
            "“It turns out that if you give them somewhere worth walking to, they walk.”",
            "Not every stallholder is convinced. In the association’s survey two-thirds wanted "
            "Sunday trading to continue, but several older traders said they could not work a "
            "sixth day and would share stalls or open only in the afternoon. The council has "
            "agreed that Sunday opening will be optional.",
            "Roald Pennick, the opposition leader, who had questioned the cost of the trial, "
            "said he now backed it, as long as nobody was pressed into opening.",
            Quote(
                "The sensible thing is to let the traders decide. It is their Sunday we are "
                "talking about, not the council’s.",
                "Roald Pennick, leader of the opposition",
            ),
            "Extra cleaning and security will cost the council about £90,000 a year, which it "
            "expects to recover from stall rents.",
        ),
        bylines=(("tobias-vell", "writer"), ("maren-okafor", "contributor")),
        tags=("Salt Street Market", "small business", "city council"),
        people=("bettina-marsh", "roald-pennick"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["haze"], sun=(0.5, 0.36), skyline=True, clouds=2, boats=1, birds=3
            ),
            caption="Morning haze over the rooftops around Salt Street Market.",
            alt_text=(
                "Stylised drawing of the rooftops of an old town above a harbour on a hazy, "
                "peach-coloured morning."
            ),
            photographer="ines-carraway",
            agency="wrenmouth-ledger",
        ),
        hours_ago=104,
    ),
    DemoStory(
        slug="gullstone-gig-race-150",
        headline="Gullstone gig race reaches its 150th year with a record field of crews",
        dek=(
            "Fifty-eight crews rowed the four miles to the island and back. An island crew of "
            "hospital staff took the women’s title, and Heronfield set a course record."
        ),
        section="sport",
        body=(
            "Fifty-eight crews took to the water yesterday for the 150th Gullstone gig race, "
            "the largest field in its history, rowing four miles from the North Pier around "
            "the island’s bell buoy and back.",
            "The race began as a contest between pilot crews, who raced each other to incoming "
            "ships for the job of guiding them into harbour. It is still rowed in six-oared "
            "wooden gigs, several of them more than a century old, by clubs from across the "
            "estuary.",
            "The harbour master, Yusuf Garrow, who started the race from the end of the pier, "
            "said the conditions were as good as he could remember. “Flat water, a light "
            "westerly and the tide with us,” he said. “The pilots who rowed the first race "
            "would have given a week’s wages for a morning like this.”",
            "Heronfield Rowing Club won the open race in 31 minutes 12 seconds, a course "
            "record. The women’s title went to Gullstone’s own island crew, five of whom work "
            "at Wrenmouth General Hospital and train before their shifts.",
            Quote(
                "Half of us came straight off a night shift. We slept, we ate and we rowed. It "
                "is the best morning I have had all year.",
                "Alys Morcombe, stroke of the Gullstone women’s crew",
            ),
            "Rowing for the Wrenmouth Rovers crew was the football club’s head coach, Marcus "
            "Tembe, who has entered every year since he joined. His players finished a "
            "creditable 24th. “They can run for ninety minutes,” Tembe said afterwards. “It "
            "turns out rowing for thirty uses different muscles entirely.”",
            "Mayor Celia Ashgrove presented the trophies on the quay and announced that the "
            "council would pay to restore the Endeavour, the oldest gig still racing, which "
            "was built at Crane Point more than 150 years ago.",
        ),
        bylines=(("ines-carraway", "writer"), ("priya-stenhouse", "photographer")),
        tags=("rowing", "Gullstone Island", "harbour", "Wrenmouth Rovers"),
        people=("yusuf-garrow", "marcus-tembe", "celia-ashgrove"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["breeze"],
                sun=(0.12, 0.2),
                boats=6,
                headland="left",
                clouds=5,
                birds=3,
            ),
            caption="Boats gather off the North Pier before the start of the 150th race.",
            alt_text=(
                "Stylised drawing of several small boats spread across a bright blue sea "
                "beside a dark green headland."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=128,
    ),
    DemoStory(
        slug="review-the-salt-choir",
        headline="Review: The Salt Choir turns a Tannery Row warehouse into a sea of voices",
        dek=(
            "Sixty singers, no stage and no seats: the Tannery Row Arts Centre’s new commission "
            "is the most ambitious thing it has staged, and it mostly comes off."
        ),
        section="culture",
        body=(
            "About twenty minutes into The Salt Choir, the lights in the old bonded warehouse "
            "on Tannery Row go out, and for a moment there is nothing but the sound of sixty "
            "people breathing. Then, from somewhere behind the audience, a single voice begins "
            "to hum a low note that sits almost exactly where the harbour foghorn used to.",
            "It is a startling, lovely moment, and it sets the terms for the evening. The piece, "
            "commissioned by the arts centre from the Wrenmouth-born composer Hester Laine, has "
            "no stage and no seats. The audience stands and drifts, gently steered by ushers, "
            "while the singers, all amateurs from the city’s choirs, move through and around "
            "them like a tide.",
            "The words come from shipping forecasts, harbour bylaws and letters fishermen sent "
            "home, set to music that moves between plainsong and something close to a shanty. "
            "Not all of it works. A long middle section built on the wording of the port’s "
            "regulations is clever rather than moving, and the warehouse’s lively echo swallows "
            "some of the text.",
            "Noor Castellan, the centre’s director, told me the commission took three years to "
            "bring together, mostly because sixty singers with day jobs are hard to rehearse.",
            Quote(
                "We wanted to make something the whole city could sing in, not just listen to. "
                "Most of these singers had never performed anywhere bigger than a church hall.",
                "Noor Castellan, director of the Tannery Row Arts Centre",
            ),
            "The effort shows in the best way. There is a looseness to the performance, a sense "
            "of people discovering the piece as they sing it, that a professional ensemble "
            "might have polished away.",
            "The last ten minutes, in which the choir gathers at the warehouse’s loading doors "
            "and sings them open onto the river and the night, will stay with anyone who sees "
            "them. The Salt Choir runs until the end of the month. Bring a coat.",
        ),
        bylines=(("dov-halloran", "writer"),),
        tags=("music", "Tannery Row", "review"),
        people=("noor-castellan",),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["violet"], sun=(0.7, 0.58), skyline=True, clouds=3, hills=False, boats=1
            ),
            caption="The warehouses of Tannery Row at nightfall.",
            alt_text=(
                "Stylised drawing of a row of buildings with lit windows along the water under "
                "a violet evening sky."
            ),
            photographer="ines-carraway",
            agency="wrenmouth-ledger",
        ),
        hours_ago=155,
    ),
    DemoStory(
        slug="eastern-promenade-breakwater-repairs",
        headline="Eastern Promenade to close for the winter while the breakwater is repaired",
        dek=(
            "Engineers found storm damage to the 140-year-old breakwater. The walkway shuts "
            "next week, with a signed diversion through Heronfield."
        ),
        section="city",
        body=(
            "The Eastern Promenade will close to walkers and cyclists from next week while "
            "engineers repair storm damage to the Eastern Breakwater, the granite arm that "
            "shelters Wrenmouth’s inner harbour.",
            "An inspection commissioned by the Port of Wrenmouth found that several of the "
            "great blocks along the breakwater’s outer face had shifted in the autumn gales, "
            "leaving gaps through which waves can reach the rubble core behind them. The "
            "repairs, costing about £2.4m, involve lifting the blocks back into place with a "
            "crane on a barge and grouting the joints.",
            "Yusuf Garrow, the harbour master, said the work could not wait for better weather. "
            "“The breakwater has stood for a hundred and forty years because people fixed it "
            "when it needed fixing,” he said. “Leave this until summer and the repair gets "
            "bigger, and so does the bill.”",
            "Mayor Celia Ashgrove said the council would share the cost with the port, and "
            "acknowledged that the closure would be unpopular.",
            Quote(
                "I know how much people love that walk. I walk it myself most mornings. But I "
                "would rather close it for a winter than close it for good.",
                "Celia Ashgrove, Mayor of Wrenmouth",
            ),
            "A signed diversion will take walkers up through Heronfield and back down to the "
            "water at Gannet Steps. Cyclists will be sent along Harbour Road, where temporary "
            "lanes are being marked out.",
            "The promenade is expected to reopen in the spring. The harbour itself stays open, "
            "and fishing boats will be guided past the works by a pilot launch at busy times.",
        ),
        bylines=(("maren-okafor", "writer"),),
        tags=("harbour", "Eastern Breakwater", "weather"),
        people=("yusuf-garrow", "celia-ashgrove"),
        photo=DemoPhoto(
            scene=Scene(PALETTES["slate"], sun=None, clouds=8, pier=True, headland="left"),
            caption="The Eastern Breakwater, where repairs begin next week.",
            alt_text=(
                "Stylised drawing of a long jetty running into a grey sea under a pale, "
                "overcast sky, with a dark headland across the water."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        hours_ago=203,
    ),
    DemoStory(
        slug="port-of-wrenmouth-annual-results",
        headline="Port of Wrenmouth has its busiest cargo year as fish landings fall again",
        dek=(
            "Container traffic at Crane Point rose by 12 per cent, but the catch landed at the "
            "fish quay was the smallest on record."
        ),
        section="business",
        body=(
            "The Port of Wrenmouth handled more cargo last year than at any time in its "
            "history, according to annual results published today, but the fish landed on its "
            "quays fell for the sixth year running.",
            "Container traffic through the deep-water terminal at Crane Point rose by 12 per "
            "cent to 410,000 boxes, helped by a new weekly service to northern Europe and by "
            "steel and cable for the wind farms going up off the coast. Revenue rose to £86m.",
            "The fish quay told a different story. Boats landed 3,900 tonnes, down from more "
            "than 6,000 a decade ago, as quotas tightened and several of the city’s older "
            "trawlers were sold or scrapped.",
            "Yusuf Garrow, the harbour master, said the port would keep the fish quay’s berths "
            "and ice plant open whatever the figures, and that cheaper landing fees for small "
            "boats would continue for another year.",
            Quote(
                "There are two harbours in Wrenmouth now, one growing and one shrinking. My job "
                "is to look after both of them.",
                "Yusuf Garrow, harbour master",
            ),
            "Anselm Reyes, professor of coastal ecology at the University of Wrenmouth, said "
            "the decline reflected decades of pressure on stocks rather than one bad year, and "
            "pointed to the seagrass returning to the estuary as a reason for cautious hope. "
            "“Nursery grounds come back first,” he said. “The fish follow, but slowly.”",
        ),
        bylines=(("tobias-vell", "writer"),),
        tags=("harbour", "fishing", "energy"),
        people=("yusuf-garrow", "anselm-reyes"),
        photo=DemoPhoto(
            scene=Scene(PALETTES["teal"], sun=(0.8, 0.3), cranes=2, boats=3, clouds=6),
            caption="The container terminal at Crane Point had its busiest year.",
            alt_text=(
                "Stylised drawing of two red cranes at a port under a cloudy sky, with boats "
                "on grey-green water."
            ),
            photographer="priya-stenhouse",
            agency="coastline-wire",
        ),
        # Embargoed annual results: scheduled, so readers must not see it until tomorrow.
        hours_ago=-18,
    ),
    DemoStory(
        slug="tannery-row-winter-season",
        headline="Tannery Row Arts Centre plans a winter season of new plays about the sea",
        dek=(
            "Four premieres, from a lighthouse two-hander to a comedy set in the last café on "
            "the Old Quay, all grown from stories told by residents."
        ),
        section="culture",
        body=(
            "The Tannery Row Arts Centre will stage four new plays this winter, all of them "
            "set on or beside the sea, in what its director calls the most ambitious season "
            "in the centre’s fifteen years.",
            "The season opens with The Keeper’s Daughter, a two-hander drawn from the Gannet "
            "Head logbooks now on show in the centre’s loft, and closes with Slack Water, a "
            "comedy about a family keeping the last café on the Old Quay open through a storm.",
            "Noor Castellan, the centre’s director, said the plays grew out of workshops held "
            "with residents over the past two years. “Every one of these began with somebody "
            "telling us about their grandmother, or their boat, or the night the water came "
            "in,” she said.",
            Quote(
                "We could have programmed a season of safe revivals. Instead we asked the city "
                "what it wanted to see, and it told us: itself.",
                "Noor Castellan, director of the Tannery Row Arts Centre",
            ),
            "Mayor Celia Ashgrove, who agreed a three-year funding settlement with the centre "
            "in the spring, is expected at the opening night. Tickets go on sale next month, "
            "with a quarter of the seats for every performance held back at £5 for under-25s.",
        ),
        bylines=(("dov-halloran", "writer"),),
        tags=("theatre", "Tannery Row", "Gannet Head"),
        people=("noor-castellan", "celia-ashgrove"),
        photo=DemoPhoto(
            scene=Scene(
                PALETTES["frost"],
                sun=(0.42, 0.6),
                headland="left",
                lighthouse=True,
                skyline=True,
                clouds=3,
            ),
            caption="Gannet Head at twilight. The season opens with a play drawn from its logs.",
            alt_text=(
                "Stylised drawing of a lighthouse with its lamp lit on a headland at winter "
                "twilight, across the water from a small town."
            ),
            photographer="ines-carraway",
            agency="wrenmouth-ledger",
        ),
        hours_ago=None,  # still a draft: the press office has not confirmed the dates
    ),
)
