"""Demo stories for the "Most Important Mile" callout, written for Milepost's demo.

The runners are invented. Each story's photo is an illustration drawn by `photos.py`, so its
alt text describes that illustration, while the caption reads as the runner's own.
"""

from dataclasses import dataclass

from django.utils.text import slugify

TAGS = frozenset(
    {"first race", "comeback", "family", "marathon", "trail", "grief", "sobriety", "track"}
)


@dataclass(frozen=True)
class DemoPhoto:
    scene: str
    palette: str
    caption: str
    alt_text: str
    credit: str


@dataclass(frozen=True)
class DemoStory:
    headline: str
    runner_name: str
    runner_age: int | None
    city: str
    region: str
    descriptor: str
    lede: str
    paragraphs: tuple[str, ...]
    pull_quote: str
    tags: tuple[str, ...]
    photos: tuple[DemoPhoto, ...]
    days_ago: int

    @property
    def slug(self) -> str:
        return slugify(self.headline)


STORIES = (
    DemoStory(
        headline="The Mile I Ran Behind My Daughter",
        runner_name="Dana Whitfield",
        runner_age=38,
        city="Columbus",
        region="OH",
        descriptor="mother runner",
        lede=(
            "I had run a dozen races before my daughter's first 5K, but I had never once run "
            "one behind someone."
        ),
        paragraphs=(
            "Maya was nine and had trained all spring on the loop around our block, counting "
            "mailboxes instead of minutes. On race morning she told me, very seriously, that I "
            "was not allowed to pace her. I was allowed to follow.",
            "So I followed. For the first mile I watched her ponytail swing and tried not to say "
            "anything useful. She went out too fast, the way everyone does, and somewhere near "
            "the water table she slowed to a walk and looked back to see if I was disappointed. "
            "I wasn't. I was trying not to cry behind my sunglasses.",
            "The third mile was the one. She started running again without my saying a word, "
            "passed a man in a cape, and kept going. I saw her decide something. I do not know "
            "exactly what, but I recognized the look, because it is the look I get at mile "
            "twenty of a marathon when I stop bargaining with myself.",
            "She crossed the line eleven seconds ahead of me and turned around with both arms "
            "up, as though she had been waiting for me for years. Maybe she had. I have run "
            "faster miles, but none I remember better than the one I spent watching someone "
            "else learn what her legs could do.",
        ),
        pull_quote="I saw her decide something.",
        tags=("family", "first race"),
        photos=(
            DemoPhoto(
                scene="finish",
                palette="summer",
                caption="The finish line at Maya's first 5K, where she sprinted the last hundred "
                "yards.",
                alt_text="Illustration of a checkered finish banner over a road that runs "
                "towards green hills under a blue sky.",
                credit="Courtesy of Dana Whitfield",
            ),
        ),
        days_ago=6,
    ),
    DemoStory(
        headline="Mile 21, Where I Stopped Arguing With Myself",
        runner_name="Marcus Bell",
        runner_age=None,
        city="Asheville",
        region="NC",
        descriptor="first-time marathoner",
        lede=(
            "Everyone warned me about mile 20. Nobody mentioned that mile 21 would be the one "
            "that talked back."
        ),
        paragraphs=(
            "I had trained eighteen weeks for my first marathon, and I had a spreadsheet for "
            "everything: gels, splits, the exact knot in my laces. What I did not have a column "
            "for was the voice that showed up around mile 21, calm and reasonable, pointing out "
            "that I could simply stop.",
            "It was very convincing. It said my left hamstring was about to go. It said nobody "
            "in the crowd would remember me. It said that walking to the curb and sitting down "
            "would feel better than anything I had ever done, and it was probably right about "
            "that.",
            "I argued with it for half a mile. Then a woman at the side of the road held up a "
            "sign that said YOUR LEGS ARE LISTENING, and I laughed out loud, and the argument "
            "just ended. I did not win it. I stopped having it.",
            "For the rest of that mile I counted breaths in fours and looked at one person at a "
            "time: a kid with a cowbell, a man handing out orange slices, the name printed on "
            "the back of the runner ahead of me. By mile 22 I was just running again.",
            "I finished in four hours and nine minutes. The spreadsheet had said 3:55. I have "
            "never been prouder of being wrong.",
        ),
        pull_quote="I did not win it. I stopped having it.",
        tags=("marathon", "first race"),
        photos=(
            DemoPhoto(
                scene="road",
                palette="sunrise",
                caption="The long straight stretch I pictured on every training run.",
                alt_text="Illustration of a straight road running to the horizon under a rising "
                "sun, with low pink hills on either side.",
                credit="Courtesy of Marcus Bell",
            ),
        ),
        days_ago=19,
    ),
    DemoStory(
        headline="Eleven Months Sober, One Mile at a Time",
        runner_name="Teresa Nakamura",
        runner_age=44,
        city="Portland",
        region="OR",
        descriptor="sober runner",
        lede=(
            "The first morning I ran sober, I made it four blocks before I had to stop and hold "
            "onto a parking meter."
        ),
        paragraphs=(
            "I had been a runner in college, long before the wine became a bottle and the bottle "
            "became the point of the day. When I came home from treatment, my counselor asked "
            "what I used to do with my mornings. I told her I used to run. She said, then run.",
            "So I ran four blocks, and then I walked, and then I ran four more. It took me six "
            "weeks to run a mile without stopping. I logged every one of them in a paper "
            "notebook next to the date I got sober, because the two numbers seemed to belong "
            "together.",
            "The mile I think about most was in month three. It was raining sideways, I had "
            "slept badly, and every part of me wanted to stay in bed. I went anyway, and halfway "
            "down the hill past the bakery I realized I was not running away from anything. I "
            "was just running. My body was doing something hard and kind at the same time, and "
            "I was awake for all of it.",
            "I am eleven months sober now. I run most mornings, not fast and not far. The "
            "notebook is nearly full. On the days the old pull comes back, I lace up and go out "
            "for one mile, and I have not yet come back from one wanting a drink.",
        ),
        pull_quote="I was not running away from anything. I was just running.",
        tags=("sobriety", "comeback"),
        photos=(
            DemoPhoto(
                scene="road",
                palette="dusk",
                caption="The road out of my neighborhood before dawn, the route I still run "
                "most mornings.",
                alt_text="Illustration of a road stretching towards purple hills under a pink "
                "and violet sky at dusk.",
                credit="Courtesy of Teresa Nakamura",
            ),
        ),
        days_ago=31,
    ),
    DemoStory(
        headline="The Last Mile on Dad's Route",
        runner_name="Tomás Rivera",
        runner_age=52,
        city="Albuquerque",
        region="NM",
        descriptor="",
        lede=(
            "My father ran the same four-mile loop every Sunday for thirty years, and I never "
            "once ran it with him."
        ),
        paragraphs=(
            "He would leave before the rest of us were up: down past the ditch, along the "
            "cottonwoods, up the hill by the church and home for breakfast. I knew the route "
            "the way you know a song you have only heard through a wall. When I was a teenager "
            "he asked me to come along a few times. I always had a reason not to.",
            "He died in March. In April my sister found his old watch in a kitchen drawer and "
            "handed it to me without saying anything.",
            "The next Sunday I ran his loop. The first three miles were just hard; I am not a "
            "runner, and the hill by the church nearly finished me. But the last mile, the flat "
            "stretch along the cottonwoods towards home, was something else. The light came "
            "through the trees the way he must have seen it a thousand times. I kept thinking "
            "that he had been out here every week, having this, while I was asleep.",
            "I have run the loop every Sunday since. I am slow and I still walk the hill. But "
            "the last mile is mine now, and I think he would be glad that someone is keeping "
            "it.",
        ),
        pull_quote="The last mile is mine now, and I think he would be glad that someone is "
        "keeping it.",
        tags=("grief", "family"),
        photos=(
            DemoPhoto(
                scene="trail",
                palette="autumn",
                caption="The path along the cottonwoods, a mile from home.",
                alt_text="Illustration of a winding dirt path between dark trees, with orange "
                "hills under an autumn sky.",
                credit="Courtesy of the Rivera family",
            ),
            DemoPhoto(
                scene="hills",
                palette="sunrise",
                caption="The hills above town, which my father saw every Sunday morning.",
                alt_text="Illustration of layered hills fading into the distance under an "
                "orange and blue sunrise.",
                credit="Courtesy of the Rivera family",
            ),
        ),
        days_ago=44,
    ),
    DemoStory(
        headline="Four Laps on a Borrowed Track",
        runner_name="Priya Shah",
        runner_age=29,
        city="Leeds",
        region="UK",
        descriptor="club runner",
        lede=(
            "Fourteen months after I snapped my Achilles, a groundsman let me onto a school "
            "track on a Tuesday night and looked the other way."
        ),
        paragraphs=(
            "Before the injury I ran with a club: intervals on Wednesdays, long runs on Sundays, "
            "parkrun whenever I could. After it, I spent a winter learning to walk down stairs "
            "again. My physio was patient. I was not.",
            "When she finally cleared me to run, she said one mile, flat, soft surface, and stop "
            "if anything hurt. The only track nearby belonged to a secondary school. I asked the "
            "groundsman if I could use it, and he said the gate was locked, but there was a gap "
            "in the fence behind the long jump pit if anyone happened to know about it.",
            "Four laps. I have run that distance perhaps two thousand times, and I was "
            "terrified. The first lap I ran as if I were carrying eggs. The second I started to "
            "trust the leg. On the third I noticed the floodlights from the rugby pitch next "
            "door and the smell of cut grass, and I remembered that I used to love this.",
            "I cried the whole way round the fourth lap, which is not good for your breathing. I "
            "did not care. When I stopped, the groundsman was standing by the gap in the fence "
            "with a flask of tea, and he raised it at me like a toast.",
        ),
        pull_quote="I remembered that I used to love this.",
        tags=("comeback", "track"),
        photos=(
            DemoPhoto(
                scene="track",
                palette="dusk",
                caption="The school track on a Tuesday night, lit by the rugby pitch next door.",
                alt_text="Illustration of a red running track with white lane lines around a "
                "green infield, under a purple evening sky.",
                credit="Courtesy of Priya Shah",
            ),
        ),
        days_ago=58,
    ),
    DemoStory(
        headline="Lost on the Ridge, Found on the Descent",
        runner_name="Caleb Ostrowski",
        runner_age=35,
        city="Bozeman",
        region="MT",
        descriptor="trail runner",
        lede=(
            "Two miles from the top of my first trail race, I took a wrong turn and spent forty "
            "minutes convinced I had ruined everything."
        ),
        paragraphs=(
            "The course was marked with pink ribbons tied to branches, and somewhere above the "
            "tree line I followed a ribbon that turned out to be somebody's lost hair tie. By "
            "the time I realized, I was alone on a ridge with no trail under my feet and the "
            "wind coming up.",
            "I did what the race briefing had told us to do. I stopped, ate something, and "
            "walked back the way I came until I found a real marker. It took a long time. "
            "Runners I had passed an hour earlier went by below me, small and steady, and I had "
            "to make peace with being behind them.",
            "Then came the descent. I had been dreading it, because I am clumsy and running "
            "downhill scares me. But I had nothing left to protect: no time, no placing, no "
            "plan. I just let my feet find the rocks. For one mile I was not thinking at all. I "
            "was only moving, the mountain was moving underneath me, and it felt like flying "
            "very close to the ground.",
            "I finished near the back. The volunteer at the line asked how my race had gone, and "
            "I told her I got lost. She said everybody does; the trick is what you do on the "
            "way down.",
        ),
        pull_quote="It felt like flying very close to the ground.",
        tags=("trail", "first race"),
        photos=(
            DemoPhoto(
                scene="trail",
                palette="summer",
                caption="The lower trail, back when I was following the right ribbons.",
                alt_text="Illustration of a winding dirt trail through pine trees towards green "
                "hills under a blue sky.",
                credit="Courtesy of Caleb Ostrowski",
            ),
            DemoPhoto(
                scene="hills",
                palette="morning",
                caption="The ridge, seen from the last aid station.",
                alt_text="Illustration of green hills layered into the distance under a pale "
                "morning sky.",
                credit="Courtesy of Caleb Ostrowski",
            ),
        ),
        days_ago=73,
    ),
    DemoStory(
        headline="Back of the Pack at 71",
        runner_name="Ruth Abernathy",
        runner_age=71,
        city="",
        region="",
        descriptor="grandmother runner",
        lede=(
            "I signed up for my first race because my grandson said I could not do it, and I "
            "have always been contrary."
        ),
        paragraphs=(
            "I was seventy, I had two new knees, and the most running I had done in fifty years "
            "was after a bus. Ben was fourteen and meant it kindly. He said, Grandma, a 5K is "
            "three miles, and I said, I know what a 5K is, and then I went home and looked it "
            "up.",
            "I trained with a walk-run plan I found at the library: one minute running, two "
            "minutes walking, repeat until you are tired of it. The first week I could barely "
            "manage the running minutes. By the tenth I could run a whole mile if nobody talked "
            "to me.",
            "On race day I started at the very back, behind the strollers and a man walking a "
            "beagle. The first two miles were fine. The last mile had a hill in it that nobody "
            "had mentioned, and I walked most of it, and I was not ashamed. When I came round "
            "the final corner, Ben was at the fence yelling my name so loudly that strangers "
            "started yelling it too.",
            "I finished in fifty-one minutes, second to last. The beagle beat me. Ben has asked "
            "if we can do the next one together, and I have told him I will think about it, "
            "which we both know means yes.",
        ),
        pull_quote="The beagle beat me.",
        tags=("first race", "family"),
        photos=(
            DemoPhoto(
                scene="finish",
                palette="morning",
                caption="The finish line, which I could see for quite a while before I reached it.",
                alt_text="Illustration of a checkered finish banner across a road leading to "
                "green hills on a bright morning.",
                credit="Courtesy of Ruth Abernathy",
            ),
        ),
        days_ago=88,
    ),
    DemoStory(
        headline="The River Mile After the Night Shift",
        runner_name="Aoife Brennan",
        runner_age=41,
        city="Cork",
        region="Ireland",
        descriptor="nurse",
        lede=(
            "For two years I ran home from the hospital after night shifts, because it was the "
            "only way to leave the ward behind before I walked in my own front door."
        ),
        paragraphs=(
            "It is three miles from the hospital to my house along the river. I kept my runners "
            "in my locker and my uniform in a backpack, and at seven in the morning I would set "
            "off past the bakeries opening and the gulls arguing on the quay walls.",
            "Most mornings the first two miles were just noise. I would replay the night: a "
            "patient whose hand I held, a family I had to ring at four in the morning, a drug "
            "chart I was sure I had checked twice. My feet kept going while my head stayed on "
            "the ward.",
            "The third mile was the one that changed. Past the last bridge the river opens out, "
            "and on a clear morning the sun comes straight down the water at you. Somewhere on "
            "that stretch, almost every day, the night would let go of me. I would notice I was "
            "hungry. I would notice my own breathing. I would start to feel like a person with a "
            "kettle and a cat at home, and not only a nurse.",
            "I work days now and drive in like everyone else. But on hard weeks I still bring my "
            "runners, leave the car at the hospital, and run that last mile home along the river, "
            "just to be given back to myself.",
        ),
        pull_quote="Somewhere on that stretch, almost every day, the night would let go of me.",
        tags=("comeback", "grief"),
        photos=(
            DemoPhoto(
                scene="lake",
                palette="sunrise",
                caption="The river at seven in the morning, where it opens out past the last "
                "bridge.",
                alt_text="Illustration of calm water reflecting a low sun in a broken column of "
                "light, with pink hills on the far shore at dawn.",
                credit="Courtesy of Aoife Brennan",
            ),
        ),
        days_ago=104,
    ),
    DemoStory(
        headline="We Walked the Last Mile Together",
        runner_name="Denise Carter",
        runner_age=58,
        city="Atlanta",
        region="GA",
        descriptor="marathon runner",
        lede=(
            "My husband and I trained for a marathon together to mark our thirtieth "
            "anniversary, and for twenty-five miles our plan worked perfectly."
        ),
        paragraphs=(
            "We had agreed on everything: the pace, the walk breaks, which songs were allowed on "
            "the shared playlist. Earl is the steadier runner and I am the one who goes out too "
            "fast, so he held the watch and I held the snacks. It was a good arrangement. It had "
            "been a good arrangement for thirty years.",
            "At mile twenty-five his calf seized. One moment he was beside me and the next he "
            "was hopping on one leg, holding onto a barrier, his face gone grey. A medic looked "
            "him over and said he could finish if he walked, slowly, and stretched whenever it "
            "grabbed.",
            "He told me to go on. I told him that was the silliest thing he had said since 1994. "
            "So we walked. The crowds along that last stretch were enormous and loud, people "
            "kept shouting at us to run, and Earl kept waving at them like a politician.",
            "It took us twenty-two minutes to walk that mile. We held hands for the last part of "
            "it, partly for romance and partly because he needed something to lean on. We "
            "crossed the line together, which was the whole point, and which I would not trade "
            "for any time on any clock.",
        ),
        pull_quote="I told him that was the silliest thing he had said since 1994.",
        tags=("marathon", "family"),
        photos=(
            DemoPhoto(
                scene="finish",
                palette="sunrise",
                caption="The finish line we reached twenty-two minutes later than planned.",
                alt_text="Illustration of a checkered finish banner over a road that runs "
                "towards a rising sun.",
                credit="Courtesy of Denise and Earl Carter",
            ),
        ),
        days_ago=121,
    ),
    DemoStory(
        headline="The Morning I Didn't Turn Around",
        runner_name="Sam Okafor",
        runner_age=27,
        city="Minneapolis",
        region="MN",
        descriptor="runner in recovery",
        lede=(
            "The race started at seven in the morning, and a year earlier, seven in the "
            "morning was when I usually got home."
        ),
        paragraphs=(
            "I got sober at twenty-five. The hardest part was not the drinking; it was the "
            "hours. My nights had been built around bars for so long that I had no idea what "
            "to do with a Saturday that started before noon. A friend from my meeting said she "
            "was running a 10K around the lake and that I should come and watch.",
            "I did not watch. I signed up at the table that morning in borrowed shoes, a size "
            "too big, and started at the back. My plan was to run until it got hard, then turn "
            "around and walk back to the car. Nobody would know.",
            "The first mile was hard almost immediately. My lungs were not used to mornings. At "
            "the one-mile marker I slowed down and looked back at the start, which was still "
            "close enough to walk to. Then I looked ahead at the lake, flat and silver with "
            "mist coming off it, and a line of strangers running along the edge of it.",
            "I did not turn around. I have thought a lot about why. I think it was that, for "
            "the first time in years, the thing ahead of me looked better than the thing behind "
            "me.",
            "I finished in one hour and four minutes. My friend was waiting at the end with two "
            "coffees.",
        ),
        pull_quote="For the first time in years, the thing ahead of me looked better than the "
        "thing behind me.",
        tags=("sobriety", "first race"),
        photos=(
            DemoPhoto(
                scene="lake",
                palette="morning",
                caption="The lake at the start, with the mist still on the water.",
                alt_text="Illustration of a calm lake reflecting a pale morning sky, with green "
                "hills on the far shore.",
                credit="Courtesy of Sam Okafor",
            ),
        ),
        days_ago=139,
    ),
    DemoStory(
        headline="Snow on the Switchbacks",
        runner_name="Ingrid Solberg",
        runner_age=33,
        city="Tromsø",
        region="Norway",
        descriptor="winter runner",
        lede=(
            "My brother and I had planned to run the switchbacks above town on his fortieth "
            "birthday. I ran them alone, in the snow, on what would have been his forty-first."
        ),
        paragraphs=(
            "Erik was the real runner in our family. He ran the mountain trails all summer and "
            "kept going when the snow came, with spikes on his shoes and a headlamp for the dark "
            "afternoons. I ran when he dragged me along. He died in the autumn, of a heart "
            "condition nobody knew he had.",
            "For a year I could not look at the mountain, which is difficult when it stands over "
            "your whole town.",
            "On his birthday I borrowed his spikes, which were too big, and stuffed the toes with "
            "socks. The snow was deep on the lower trail and packed hard on the switchbacks. I "
            "went very slowly. At every turn I stopped and looked down at the town getting "
            "smaller and the water going from grey to silver in the short light.",
            "On the last mile up, I started talking to him. I told him about my job, his "
            "daughter's new tooth and how badly his spikes fit. I said it all out loud, between "
            "breaths, to nobody, and it was the first conversation I had had with him since he "
            "died that did not feel like shouting into a well.",
            "At the top I sat on a rock and ate the chocolate he always carried. Then I ran "
            "down, and it was easier.",
        ),
        pull_quote="It was the first conversation I had had with him since he died that did not "
        "feel like shouting into a well.",
        tags=("trail", "grief", "family"),
        photos=(
            DemoPhoto(
                scene="trail",
                palette="winter",
                caption="The lower trail, before the switchbacks begin.",
                alt_text="Illustration of a winding path through dark pine trees across snowy "
                "ground towards pale blue hills.",
                credit="Courtesy of Ingrid Solberg",
            ),
            DemoPhoto(
                scene="hills",
                palette="winter",
                caption="From the top, in the short winter light.",
                alt_text="Illustration of pale blue hills layered into the distance under a "
                "winter sky.",
                credit="Courtesy of Ingrid Solberg",
            ),
        ),
        days_ago=157,
    ),
    DemoStory(
        headline="My Son Paced Me Home",
        runner_name="Mei-Ling Cho",
        runner_age=49,
        city="Sacramento",
        region="CA",
        descriptor="cancer survivor",
        lede=(
            "Six weeks after my last round of chemo, my son bought me a pair of running shoes "
            "and said we were going to run one mile, no more."
        ),
        paragraphs=(
            "Daniel is seventeen and runs cross-country, which means he has opinions about "
            "everything: cadence, arm swing, how a person should breathe. Through my treatment "
            "he had been quiet and careful around me, as if I might tip over. The shoes were "
            "the first time in months he had told me what to do.",
            "We went to the high school track on a Saturday morning. He set his watch and "
            "explained the plan: run the straights, walk the curves, and talk the whole time so "
            "he could hear if I was struggling. I had not run since before the diagnosis. My "
            "legs felt like someone else's, borrowed and badly fitted.",
            "Halfway through the third lap I had to stop. He did not tell me it was fine. He "
            "stood next to me, bouncing on his toes the way he does, and said, Mom, you are "
            "literally doing the thing. I laughed so hard I had to hold my knees, and then I "
            "started running again.",
            "It took us fourteen minutes. He announced the time as if it were a record, and in "
            "our house it is. We have run that mile together every Saturday since, and last "
            "month, for the first time, I finished before him. He swears he let me.",
        ),
        pull_quote="Mom, you are literally doing the thing.",
        tags=("comeback", "family", "track"),
        photos=(
            DemoPhoto(
                scene="track",
                palette="summer",
                caption="The high school track, where Daniel had me run the straights and walk "
                "the curves.",
                alt_text="Illustration of a red running track with white lane lines around a "
                "green infield, under a clear blue sky.",
                credit="Courtesy of Mei-Ling Cho",
            ),
        ),
        days_ago=176,
    ),
)
