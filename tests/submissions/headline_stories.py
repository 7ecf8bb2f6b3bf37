"""Stories written for the headline tests, each with the lines an editor would put on top.

Varied on purpose: straight and curly quotation marks, a quotation across sentences, a line of
speech broken by "she said", dialogue, no quotation at all, very short stories, greetings,
sign-offs and phone footers. `lines` are the quoted lines (or, without any, the sentences) an
editor would take for the headline, written as the suggestion gives them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class HeadlineStory:
    name: str
    text: str
    lines: tuple[str, ...]


STORIES = (
    HeadlineStory(
        "curly quote across two sentences",
        "I have run marathons. I have run ultras on bad knees and worse coffee.\n\n"
        "But the real mile was the one behind my daughter at her first 5K. At the second "
        "turn she looked back and said, “Don't pick me up, Mom. Just run slow next to me.” "
        "So I did.\n\nKate Harden, 32, St. Louis, MO",
        ("Don't pick me up, Mom. Just run slow next to me",),
    ),
    HeadlineStory(
        "straight quotes",
        "Dad never ran. He walked the dog and read the paper.\n\n"
        'When I crossed the line he was standing there in his slippers. "I drove four hours '
        'to see you do that," he said. "Do it again next year."',
        ("I drove four hours to see you do that", "Do it again next year"),
    ),
    HeadlineStory(
        "speech broken by a dialogue tag",
        "The hill at mile nine is where I always walk.\n\n"
        "“You are not walking this one,” the woman beside me said, “not while I'm here.” "
        "I did not walk it.",
        ("You are not walking this one, not while I'm here",),
    ),
    HeadlineStory(
        "no quotation at all",
        "I started running the year my husband died.\n\n"
        "At first it was only to the end of the street and back. Then to the park. Then "
        "around it.\n\nI ran the whole mile without stopping on the first anniversary. "
        "I sat on the curb afterwards and cried for a long time.",
        (
            "I ran the whole mile without stopping on the first anniversary",
            "I started running the year my husband died",
        ),
    ),
    HeadlineStory(
        "dialogue between two runners",
        "We met at the start line of a 10K in the rain.\n\n"
        "“First race?” he asked.\n\n“First race since the chemo,” I said.\n\n"
        "“Then we finish it together.” And we did, in an hour and six minutes.",
        (
            "First race since the chemo",
            "Then we finish it together",
        ),
    ),
    HeadlineStory(
        "greeting and phone footer",
        "Hi!\n\nMy son ran his first mile with me last spring.\n\n"
        "At the end he grabbed my hand and shouted, “We did the whole thing, Mom!” "
        "I still hear it.\n\nSent from my iPhone",
        ("We did the whole thing, Mom!",),
    ),
    HeadlineStory(
        "dear editors and sign-off with a dash",
        "Dear editors,\n\nMy coach used to say one thing before every race.\n\n"
        "“Run the mile you are in.” I didn't understand it until I was forty.\n\n"
        "— Paul Okafor, Leeds, UK",
        ("Run the mile you are in",),
    ),
    HeadlineStory(
        "a quotation too short to stand alone",
        'They called it "the wall" and I laughed.\n\n'
        "At mile twenty my legs simply stopped. A stranger handed me a banana and said, "
        "“Eat this, walk a bit, then go.” That is what I did.",
        ("Eat this, walk a bit, then go",),
    ),
    HeadlineStory(
        "a very short story",
        '"I can still do this." That is what I told myself at seventy-four, and I could.',
        ("I can still do this",),
    ),
    HeadlineStory(
        "a song title in quotation marks",
        'I ran the last mile to "Eye of the Tiger" like a cliché.\n\n'
        "At the finish my granddaughter hugged me and whispered, “You're my hero, Nana.”",
        ("You're my hero, Nana",),
    ),
    HeadlineStory(
        "a long speech",
        "My sister paced me through the last ten miles.\n\n"
        "“Listen to me. You trained for this through a winter that would have stopped anyone. "
        "You got up at five every day. You are not going to quit at mile twenty-three. "
        "Now move.” I moved.",
        (
            "Listen to me",
            "You got up at five every day",
            "You are not going to quit at mile twenty-three",
            "You trained for this through a winter that would have stopped anyone",
        ),
    ),
    HeadlineStory(
        "a question",
        "The nurse came in on the morning of my discharge.\n\n"
        "“So when's the next race?” she asked, grinning. Eight months later I sent her my "
        "medal.",
        ("So when's the next race?",),
    ),
    HeadlineStory(
        "quotation at the very start",
        "“You'll never run again.” That was the surgeon, in 2019.\n\n"
        "Last Sunday I ran a mile in nine minutes and forty seconds.",
        ("You'll never run again",),
    ),
    HeadlineStory(
        "quotation in the last paragraph",
        "The trail was muddy and I fell twice.\n\nThe second time I just lay there.\n\n"
        "A kid, maybe ten, stopped and held out his hand. “Come on, lady, you're almost "
        "there.” I was.",
        ("Come on, lady, you're almost there",),
    ),
    HeadlineStory(
        "no quotation, short sentences",
        "Mile one was easy. Mile two hurt.\n\n"
        "By mile three I knew I would never be fast. I also knew I would never stop.",
        ("I also knew I would never stop", "By mile three I knew I would never be fast"),
    ),
    HeadlineStory(
        "an abbreviation inside the quotation",
        "Dr. Patel had seen my scans.\n\n"
        "“Mrs. Lowe, your heart is stronger than mine. Go run your race.” I ran it the next "
        "weekend in St. Paul.",
        ("Mrs. Lowe, your heart is stronger than mine. Go run your race",),
    ),
    HeadlineStory(
        "lower-case scare quotes and one real line",
        "I was a \u201cjogger,\u201d not a \u201crunner,\u201d I told everyone.\n\n"
        "Then my daughter signed us both up. \u201cIf I can do it, so can you,\u201d she "
        "wrote on the card.",
        ("If I can do it, so can you",),
    ),
    HeadlineStory(
        "written words, not spoken",
        "Someone had chalked a message on the road at mile twenty-five.\n\n"
        "It said: “Your legs are tired. Your heart is not.” I have it as my phone's "
        "wallpaper now.\n\nMaria Gonzalez, 45, El Paso, TX\nSent from my Galaxy",
        ("Your legs are tired. Your heart is not",),
    ),
    HeadlineStory(
        "hello greeting, no quotation, sign-off",
        "Hello Milepost team!\n\nI ran my first mile at 300 pounds.\n\n"
        "It took me nineteen minutes. Nobody cheered, and nobody needed to.\n\n"
        "Dan Brooks, 38, Omaha, NE",
        ("I ran my first mile at 300 pounds", "Nobody cheered, and nobody needed to"),
    ),
    HeadlineStory(
        "two speakers, the runner's own line",
        "My brother bet me I could not run to the lighthouse.\n\n"
        "“Five bucks says you stop at the pier,” he said.\n\n"
        "At the lighthouse I turned around and yelled, “Pay up, Mikey!”",
        ("Five bucks says you stop at the pier", "Pay up, Mikey!"),
    ),
    HeadlineStory(
        "quotation spanning a line break",
        "The volunteer at the water stop had a sign and a voice.\n\n"
        "“Nobody here is last,\nyou are all first at something today,” she kept shouting. "
        "I believed her.",
        ("Nobody here is last, you are all first at something today",),
    ),
    HeadlineStory(
        "guillemets",
        "In Lyon the crowd was thin by the river.\n\n"
        "An old man raised his cap and said, «Courage, you are nearly home.» I nearly "
        "cried.",
        ("Courage, you are nearly home",),
    ),
    HeadlineStory(
        "single curly quotes, with apostrophes inside",
        "It was my mum’s idea to run the parkrun in Hull.\n\n"
        "At the last corner she caught my sleeve. ‘Don’t you dare wait for me, love,’ she "
        "said. I didn’t, and she’s never let me forget it.",
        ("Don’t you dare wait for me, love",),
    ),
    HeadlineStory(
        "a runner's curly apostrophes and no quotation",
        "I’d never finished anything I’d started.\n\n"
        "Not college, not the novel, not the couch-to-5K app. This time I finished.",
        ("I’d never finished anything I’d started", "This time I finished"),
    ),
)
