"""Arabic function words, in normalised form (see normalize.py), removed before indexing.

Only grammatical words: prepositions, conjunctions, particles, pronouns,
demonstratives, relatives and the forms of كان; no content words.

Deliberately absent: "علي". After ى → ي normalisation the preposition على and
the very common name علي (Ali) are the same string; the name must stay
searchable, so على is indexed like a content word. Likewise "امام" (أمام
"in front of" = إمام "imam").

The detached clitics "ال", "و", "ب", "ل", "ك", "ف" are listed because the
tokenizer yields them on their own when a tatweel or a quote follows them
(الـ300 → ال 300, بـ"مزارع" → ب مزارع).
"""

__all__ = ["STOP_WORDS"]

_GROUPS = (
    "ال و ب ل ك ف",  # detached clitics
    "في من الي عن ان مع بين حتي منذ لدي عند نحو ضد حول دون عبر فوق تحت خلال ضمن قبل بعد اثناء",  # prepositions
    "لكن بل او ام ثم اما اذا اذ لو لان كي لكي حين حيث بينما كما مثل",  # conjunctions
    "لا لم لن ما هل قد لقد سوف الا غير كل بعض جميع اي ايضا فقط",  # particles, quantifiers
    "هو هي هم هن هما انا نحن انت انتم انه انها انهم",  # pronouns
    "له لها لهم به بها بهم فيه فيها فيهم منه منها منهم عليه عليها عليهم",  # prepositions + pronoun
    "اليه اليها عنه عنها معه معها لديه لديها",
    "هذا هذه هؤلاء ذلك تلك اولئك هنا هناك كذلك",  # demonstratives
    "الذي التي الذين اللذان اللتان",  # relatives
    "كان كانت كانوا يكون تكون ليس ليست",  # kana and laysa
    "وفي ومن والي وعن وان ومع وبين ولا ولم وما وقد ولكن وهو وهي",  # with wa-
    "وهذا وهذه وذلك والذي والتي والذين وكان وكانت فان فقد بان مما عما فيما بما لما",
)

STOP_WORDS: frozenset[str] = frozenset(word for group in _GROUPS for word in group.split())
