"""The scanner behind ``quotes.find_quotes`` and ``find_attributions``: ``_Text`` reads one text's
tokens, paragraphs, quoted spans, sentence breaks and reporting words (cues), gives each cue its
speaker and source, and lists the quotes and attributions (pure Python). The rules are in
``quotes.py``'s docstring; the words it knows and the records it returns in ``reporting.py``."""

import re
from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .linking import Match, original_index
from .reporting import (
    _ACCORDING_WORD,
    _ATTRIBUTING,
    _CIRCUMSTANCES,
    _CUES,
    _INTRODUCER,
    _OBJECT_FORMS,
    _PARTICIPLES,
    _SOURCE_KINDS,
    _TIME_WORDS,
    _VERB,
    _VERBAL_NOUN,
    _WORDS,
    ACCORDING_WORDS,
    ANAPHORS,
    CLAUSE_WORDS,
    MIN_EMBEDDED_WORDS,
    MIN_INTRODUCED_WORDS,
    OUTLET_NOUNS,
    UNKNOWN_SPEAKER_WORDS,
    Attribution,
    Quote,
    Speaker,
    paragraph_spans,
)
from .tokenize import tokenize

_CLOSERS = {"«": "»", "»": "«", '"': '"', "“": "”“", "”": "”“", "„": "“”"}
_BREAK_RE = re.compile(r"[.!?؟\n]")
_COMMAS = ",،؛;"
_ELLIPSIS = "…"
_FILLER = " \u00a0\t.،,-–—"


@dataclass
class _Span:
    """A quoted span: marks at ``open``/``close`` (close = paragraph end if left open)."""

    open: int
    close: int
    start: int  # content, without white space at the ends
    end: int
    closed: bool
    paragraph: int  # 0-based
    name: bool = False  # a name: covered by a single linker match, or after an outlet noun


@dataclass
class _Cue:
    index: int  # token
    word: int  # class
    subject: tuple[int, int] = (0, 0)  # token range of the subject (speaker)
    source_region: tuple[int, int] = (0, 0)  # token range where the source is named
    closer: tuple[int, ...] = ()  # tokens of إن / أن / إلى أن / عن ending the phrase
    speaker: Speaker | None = None
    source: Hashable | None = None


class _Text:
    """Tokens, paragraphs, quoted spans and reporting words of one text."""

    def __init__(self, text: str, mentions: Sequence[Match], sources: Sequence[Match]):
        self.text = text
        self.mentions = sorted((m for m in mentions if m.form != "adjective"), key=lambda m: (m.start, m.end))
        self.sources = sorted((m for m in sources if m.form != "adjective"), key=lambda m: (m.start, m.end))
        self.paragraphs = paragraph_spans(text)
        self.tokens = tokenize(text)
        starts = [a for a, _ in self.paragraphs]
        self.token_paragraph = []
        for token in self.tokens:
            p = bisect_left(starts, token.start + 1) - 1
            self.token_paragraph.append(p if p >= 0 and token.start < self.paragraphs[p][1] else -1)
        self.starts = [t.start for t in self.tokens]
        self.spans = self._quoted_spans()
        self._outlet_names()
        self.breaks = self._breaks()
        self.words = [self._classify(i) for i in range(len(self.tokens))]
        # where a reporting verb's clause stops: at spans that can be quotes, not at a quoted
        # company or title of a few words (المحلل في شركة "كابيتال إيكونوميكس" عمر فاروق)
        quoting = [
            s
            for s in self.spans
            if not s.name and (self._words_in(s) >= MIN_EMBEDDED_WORDS or self.introduced(s) or self.followed(s) >= 0)
        ]
        self.openings = sorted(s.open for s in quoting)
        self.closings = sorted(s.close for s in quoting if s.closed)

    # ------------------------------------------------------------------ structure

    def _quoted_spans(self) -> list[_Span]:
        text, spans = self.text, []
        names = self.mentions + self.sources
        for number, (low, high) in enumerate(self.paragraphs):
            i = low
            while i < high:
                closers = _CLOSERS.get(text[i])
                if closers is None:
                    i += 1
                    continue
                close = min((p for c in closers if (p := text.find(c, i + 1, high)) != -1), default=-1)
                closed = close != -1
                if not closed:
                    close = high
                start, end = i + 1, close
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start < end:
                    name = any(m.start <= start and end <= m.end for m in names)
                    spans.append(_Span(i, close, start, end, closed, number, name))
                i = close + 1
        return spans

    def _outlet_names(self) -> None:
        """A quoted span right after an outlet noun (صحيفة "لوموند") is a name, known or not."""
        for span in self.spans:
            k = bisect_left(self.starts, span.open) - 1
            if span.name or k < 0 or self.text[self.tokens[k].end : span.open].strip():
                continue
            word = self.tokens[k].text
            if word in OUTLET_NOUNS or (word[:1] in "لبو" and word[1:] in OUTLET_NOUNS):
                span.name = True

    def _words_in(self, span: _Span) -> int:
        return bisect_left(self.starts, span.end) - bisect_left(self.starts, span.start)

    def token_before(self, span: _Span) -> int:
        """The last token before the span's opening mark in its paragraph, or -1."""
        k = bisect_left(self.starts, span.start) - 1
        return k if k >= 0 and self.token_paragraph[k] == span.paragraph else -1

    def introduced(self, span: _Span) -> bool:
        """Right after إن/أن, a reporting word, or a colon."""
        k = self.token_before(span)
        gap = self.text[self.tokens[k].end if k >= 0 else self.paragraphs[span.paragraph][0] : span.open]
        return ":" in gap or (k >= 0 and self.words[k] in (_INTRODUCER, _VERB, _VERBAL_NOUN))

    def followed(self, span: _Span) -> int:
        """The token of a reporting verb or بحسب within two words after the span's closing mark,
        in the same sentence («…»، قال الوزير), or -1."""
        if not span.closed:
            return -1
        close = span.close + 1
        k = bisect_left(self.starts, close)
        for j in (k, k + 1):
            if (
                j < len(self.tokens)
                and self.words[j] in (_VERB, _ACCORDING_WORD)
                and self.token_paragraph[j] == span.paragraph
                and not self.has(self.breaks, close, self.tokens[j].start)
            ):
                return j
        return -1

    def _breaks(self) -> list[int]:
        """Offsets of sentence ends outside quoted spans (not a full stop between digits)."""
        text, out = self.text, []
        inside = [(s.open, s.close) for s in self.spans]
        for match in _BREAK_RE.finditer(text):
            at = match.start()
            if text[at] == "." and 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
                continue
            if any(a <= at <= b for a, b in inside):
                continue
            out.append(at)
        return out

    def _classify(self, i: int) -> int:
        """The reporting-word class of token ``i`` (0 if none), inside a quote or not."""
        if self._in_quote(i):
            return 0
        word = self.tokens[i].text
        found = _WORDS.get(word)
        if found is None and len(word) > 3 and word[0] in "وف":
            found = _WORDS.get(word[1:])
        return found or 0

    def _in_quote(self, i: int) -> bool:
        at = self.tokens[i].start
        return any(s.start <= at < s.end and not s.name for s in self.spans)

    def norm(self, i: int) -> str:
        return self.tokens[i].text

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start] if i else ""

    def has(self, offsets: list[int], low: int, high: int) -> bool:
        """Whether a sorted list of offsets holds one in [low, high)."""
        k = bisect_left(offsets, low)
        return k < len(offsets) and offsets[k] < high

    def joined(self, i: int) -> bool:
        """Token i is in the same paragraph and sentence as token i-1."""
        return (
            i > 0
            and self.token_paragraph[i] == self.token_paragraph[i - 1] != -1
            and not self.has(self.breaks, self.tokens[i - 1].end, self.tokens[i].start)
        )

    def is_introducer(self, i: int) -> int:
        """How many tokens from i make إن/أن (with a pronoun), إلى أن, من أن or قوله (0 if none)."""
        if self.words[i] in (_INTRODUCER, _VERBAL_NOUN):
            return 1
        if self.norm(i) in ("الي", "من") and i + 1 < len(self.tokens) and self.words[i + 1] == _INTRODUCER:
            return 2  # أشار إلى أن, حذر من أن
        return 0

    def original(self, i: int, skip: int = 0) -> str:
        """Token i as written, without its first ``skip`` normalised letters."""
        token = self.tokens[i]
        return (
            self.text[original_index(self.text, token, skip) : token.end]
            if skip
            else self.text[token.start : token.end]
        )

    def without_conjunction(self, i: int) -> str:
        word = self.norm(i)
        if word not in _WORDS and word[0] in "وف" and word[1:] in _WORDS:
            return self.original(i, 1)
        return self.original(i)

    def within(self, matches: Sequence[Match], a: int, b: int) -> list[Match]:
        """Matches lying inside tokens a..b-1."""
        if a >= b:
            return []
        low, high = self.tokens[a].start, self.tokens[b - 1].end
        return [m for m in matches if low <= m.start and m.end <= high]

    # ------------------------------------------------------------------ reporting words

    def cues(self) -> list[_Cue]:
        out = []
        for i, word in enumerate(self.words):
            if word in (_VERB, _ATTRIBUTING):
                cue = self._verb(i, word)
            elif word == _VERBAL_NOUN:
                cue = self._verbal_noun(i)
            elif word == _ACCORDING_WORD:
                cue = self._according(i)
            else:
                continue
            if cue is not None:
                out.append(cue)
        return out

    def _verb(self, i: int, word: int) -> _Cue | None:
        """A reporting verb whose clause reaches a quote, a colon, إن/أن or قوله, or that follows a
        quote («…»، قال الوزير); else None (أضاف الفريق هدفا is not speech)."""
        n = len(self.tokens)
        subject_end = about = stop = None
        j = i + 1
        while j < n and j - i <= CLAUSE_WORDS and self.joined(j):
            gap = self.gap(j)
            if ":" in gap or self.has(self.openings, self.tokens[j - 1].end, self.tokens[j].start):
                stop = ()
                break
            if subject_end is None and any(c in gap for c in _COMMAS):
                subject_end = j
            length = self.is_introducer(j)
            if length:
                stop = () if self.words[j] == _VERBAL_NOUN else tuple(range(j, j + length))
                break
            if self.norm(j) in _PARTICIPLES:
                stop = ()
                break
            if word == _ATTRIBUTING and about is None and self.norm(j) == "عن":
                about = j
            if self.words[j] in _CUES:
                break
            j += 1
        if stop is None and not self._after_quote(i):
            return None
        end = j if subject_end is None else subject_end
        if about is not None and about < end:
            return _Cue(i, word, (about + 1, end), (i + 1, about), (about,))
        return _Cue(i, word, (i + 1, end), (i + 1, end), stop or ())

    def _after_quote(self, i: int) -> bool:
        """Token i comes at most one word after the end of a quote, in the same sentence."""
        at = self.tokens[i].start
        k = bisect_left(self.closings, at) - 1
        if k < 0:
            return False
        close = self.closings[k]
        between = bisect_left(self.starts, at) - bisect_left(self.starts, close)
        low = self.paragraphs[self.token_paragraph[i]][0] if self.token_paragraph[i] >= 0 else at
        return between <= 1 and close >= low and not self.has(self.breaks, close, at)

    def _verbal_noun(self, i: int) -> _Cue:
        """قوله: the speaker is named before it, back to عن, a reporting word or the sentence start."""
        a = i
        while a > 0 and self.joined(a) and i - a < 12:
            if self.norm(a - 1) == "عن" or self.words[a - 1] in _CUES:
                break
            a -= 1
        return _Cue(i, _VERBAL_NOUN, (a, i))

    def _according(self, i: int) -> _Cue:
        """بحسب / وفق ما ذكره / نقلا عن: the source (or speaker) in the next words of the clause."""
        n = len(self.tokens)
        k = i + 1
        if k < n and self.joined(k) and self.norm(k) in ("ما", "لما"):
            k += 1
            if k < n and self.joined(k) and (self.words[k] in (_VERB, _ATTRIBUTING) or self.norm(k) in _OBJECT_FORMS):
                k += 1
        elif k < n and self.joined(k) and self.norm(k) == "عن":
            k += 1
        if k >= n or not self.joined(k):
            return _Cue(i, _ACCORDING_WORD, (k, k), (k, k))
        j = k + 1
        while j < n and j - k < ACCORDING_WORDS and self.joined(j):
            if any(c in self.gap(j) for c in _COMMAS + ":"):
                break
            if self.has(self.openings, self.tokens[j - 1].end, self.tokens[j].start):
                break
            if self.words[j] in (_VERB, _ATTRIBUTING, _VERBAL_NOUN) or self.is_introducer(j):
                break
            j += 1
        return _Cue(i, _ACCORDING_WORD, (k, j), (k, j))

    # ------------------------------------------------------------------ speakers

    def speaker_in(self, a: int, b: int, last: bool = False) -> Speaker | None:
        """The known speaker among the matches in tokens a..b-1 (see the module docstring)."""
        found = self.within(self.mentions, a, b)
        for kind in ("person", "organisation"):
            of_kind = [m for m in found if m.kind == kind]
            if of_kind:
                m = of_kind[-1] if last else of_kind[0]
                return Speaker(m.key, m.text, m.start, m.end, "subject")
        head = [m for m in found if m.kind == "place" and m.start < self.tokens[a].end]
        if head:
            return Speaker(head[0].key, head[0].text, head[0].start, head[0].end, "subject")
        return None

    def unknown_speaker(self, a: int, b: int) -> Speaker | None:
        """The subject's words as written, cut before a time, a circumstance or a source told."""
        end = a
        while end < b and end - a < UNKNOWN_SPEAKER_WORDS:
            word = self.norm(end)
            if word in _TIME_WORDS or (
                word == "في" and end + 1 < b and self.norm(end + 1).removeprefix("ال") in _CIRCUMSTANCES
            ):
                break
            token = self.tokens[end]
            if end > a and (
                any(token.start < m.start < token.end for m in self.sources)
                or (word[:1] == "ل" and word[1:] in OUTLET_NOUNS)
            ):
                break  # لرويترز, لموقع …: told to an outlet
            end += 1
        if end == a:
            return None
        start, stop = self.tokens[a].start, self.tokens[end - 1].end
        return Speaker(None, self.text[start:stop], start, stop, "subject")

    def before(self, i: int) -> Speaker | None:
        """The subject of a verb that has none after it: a person or organisation in the three
        words before it (وكان صدر قد قال), else the first person (else organisation) of its
        sentence (اعترف مدرب النصر فرناندو غوميز بالهزيمة، وقال إن)."""
        a = i
        while a > 0 and i - a < 3 and self.joined(a) and not any(c in self.gap(a) for c in _COMMAS + ":"):
            a -= 1
        close = [m for m in self.mentions if self.tokens[a].start < m.end <= self.tokens[i].start]
        close = [m for m in close if m.kind in ("person", "organisation")]
        if close:
            m = close[-1]
            return Speaker(m.key, m.text, m.start, m.end, "before")
        first = i
        while first > 0 and self.joined(first):
            first -= 1
        found = self.within(self.mentions, first, i)
        for kind in ("person", "organisation"):
            of_kind = [m for m in found if m.kind == kind]
            if of_kind:
                m = of_kind[0]
                return Speaker(m.key, m.text, m.start, m.end, "before")
        return None

    def resolve(self, cues: list[_Cue], attributions: list["Attribution"]) -> None:
        """Give every cue its speaker and source, in text order (continuation needs the previous)."""
        previous: _Cue | None = None
        for cue in cues:
            a, b = cue.subject
            speaker = self.speaker_in(a, b, last=cue.word == _VERBAL_NOUN) or self.unknown_speaker(a, b)
            if speaker is None and cue.word != _ACCORDING_WORD:
                speaker = self.before(cue.index)
            source = None
            named = self.within(self.sources, *cue.source_region) or self.within(self.sources, a, b)
            if named:
                source = named[0].key
            elif cue.word != _ACCORDING_WORD:
                source = self._attributed_near(cue.index, attributions)
            if speaker is None and previous is not None and cue.word != _ACCORDING_WORD:
                continued = previous.speaker
                if continued is not None:
                    speaker = Speaker(continued.key, continued.text, continued.start, continued.end, "continued")
                    source = source if source is not None else previous.source
            cue.speaker, cue.source = speaker, source
            if cue.word != _ACCORDING_WORD and speaker is not None:
                previous = cue

    def _attributed_near(self, i: int, attributions: list["Attribution"]) -> Hashable | None:
        """A known source attributed in the sentence of token i."""
        at = self.tokens[i].start
        paragraph = self.token_paragraph[i] + 1
        for attribution in attributions:
            if attribution.paragraph != paragraph or attribution.source is None:
                continue
            low, high = sorted((at, attribution.start))
            if not self.has(self.breaks, low, high):
                return attribution.source
        return None

    # ------------------------------------------------------------------ quotes

    def quotes(self, cues: list[_Cue]) -> list[Quote]:
        text, tokens = self.text, self.tokens
        by_token = {cue.index: cue for cue in cues}
        out: list[Quote] = []
        order: dict[int, int] = {}
        for span in self.spans:
            if span.name:
                continue
            low, high = self.paragraphs[span.paragraph]
            words = self._words_in(span)
            before = self.token_before(span)
            introduced = self.introduced(span)
            cue = None
            if before >= 0 and not self.has(self.breaks, tokens[before].end, span.open):
                k = before
                while k >= 0 and self.token_paragraph[k] == span.paragraph:
                    if k in by_token:
                        cue = by_token[k]
                        break
                    if k and self.has(self.breaks, tokens[k - 1].end, tokens[k].start):
                        break
                    k -= 1
            close = span.close + 1 if span.closed else span.close
            following = self.followed(span)
            after = by_token.get(following) if following >= 0 else None
            whole = not text[low : span.open].strip(_FILLER) and not text[close:high].strip(_FILLER)
            if introduced and words >= MIN_INTRODUCED_WORDS:
                cue = cue or after
            elif cue is not None and words >= MIN_EMBEDDED_WORDS:
                pass
            elif after is not None and words >= MIN_INTRODUCED_WORDS:
                cue = after
            elif whole and words >= MIN_EMBEDDED_WORDS:
                cue = None
            else:
                continue
            if cue is not None:
                speaker, source = cue.speaker, cue.source
            else:
                speaker, source = self.continued(cues, span.open)
            order[span.paragraph] = order.get(span.paragraph, 0) + 1
            out.append(
                Quote(
                    text=text[span.start : span.end],
                    start=span.start,
                    end=span.end,
                    paragraph=span.paragraph + 1,
                    order=order[span.paragraph],
                    marks=text[span.open] + (text[span.close] if span.closed else ""),
                    cue=self.original(cue.index) if cue is not None else "",
                    speaker=speaker,
                    source=source,
                )
            )
        return out

    def continued(self, cues: list[_Cue], at: int) -> tuple[Speaker | None, Hashable | None]:
        """The speaker (as continued) and source of the last reporting word before offset ``at``."""
        for cue in reversed(cues):
            if self.tokens[cue.index].start < at and cue.word != _ACCORDING_WORD and cue.speaker is not None:
                s = cue.speaker
                return Speaker(s.key, s.text, s.start, s.end, "continued"), cue.source
        return None, None

    # ------------------------------------------------------------------ attributions

    def attributions(self, cues: list[_Cue]) -> list["Attribution"]:
        out: list[Attribution] = []
        seen = set()
        for cue in cues:
            if cue.word == _VERBAL_NOUN:
                continue
            found = self._attribution(cue)
            if found is None:
                continue
            identity = (found.paragraph, found.source if found.source is not None else found.name)
            if identity not in seen:
                seen.add(identity)
                out.append(found)
        return out

    def _attribution(self, cue: _Cue) -> "Attribution | None":
        a, b = cue.source_region
        if a >= b:
            return None
        paragraph = self.token_paragraph[cue.index] + 1
        named = self.within(self.sources, a, b)
        if named:
            first = named[0]
            run = [m for m in named if m.key == first.key]
            # the same source named twice in a row (وكالة … للأنباء "إرنا") is one name
            last = run[0]
            for m in run[1:]:
                if self.text[last.end : m.start].strip(' "«»“”„\u00a0') == "":
                    last = m
            phrase = self._phrase(cue, first.start, last.end)
            return Attribution(first.key, first.text, phrase, paragraph, first.start, first.end, "name")
        word = self.norm(a)
        if word in ANAPHORS:
            source = self._antecedent(self.tokens[a].start, ANAPHORS[word])
            if source is None:
                return None
            token = self.tokens[a]
            phrase = self._phrase(cue, token.start, token.end)
            name = self.text[token.start : token.end]
            return Attribution(source, name, phrase, paragraph, token.start, token.end, "anaphor")
        for k in range(a, b):
            word = self.norm(k)
            bare = word[1:] if word[:1] in "لبو" and word[1:] in OUTLET_NOUNS else word
            # the outlet is the subject, follows بحسب, or was told something (قال مسؤول لموقع …)
            if bare in OUTLET_NOUNS and (k == a or cue.word == _ACCORDING_WORD or word[0] == "ل"):
                return self._candidate(cue, k, b, paragraph)
        return None

    def _candidate(self, cue: _Cue, k: int, b: int, paragraph: int) -> "Attribution | None":
        """An unknown outlet after an outlet noun at token k: its quoted name, else the words."""
        noun = self.tokens[k]
        quoted = next((s for s in self.spans if s.open >= noun.end and s.start < self.tokens[b - 1].end + 1), None)
        if quoted is not None and not self.text[noun.end : quoted.open].strip():
            start, end = quoted.start, quoted.end
            phrase = self._phrase(cue, quoted.open, quoted.close + (1 if quoted.closed else 0))
        else:
            if k + 1 >= b:
                return None
            last = min(b, k + 5) - 1
            word = self.norm(k)
            skip = 1 if word not in OUTLET_NOUNS else 0
            start = original_index(self.text, noun, skip)
            end = self.tokens[last].end
            phrase = self._phrase(cue, start, end)
        return Attribution(None, self.text[start:end], phrase, paragraph, start, end, "candidate")

    def _antecedent(self, at: int, kind: str) -> Hashable | None:
        """The last source named before offset ``at``, of ``kind`` where kinds are known."""
        for m in reversed(self.sources):
            if m.start >= at:
                continue
            if m.kind not in _SOURCE_KINDS or m.kind == kind:
                return m.key
        return None

    def _phrase(self, cue: _Cue, start: int, end: int) -> str:
        """The attribution phrase as written, the source (offsets start..end) replaced by "…"."""
        a, b = cue.source_region
        pieces = [self.without_conjunction(cue.index)]
        pieces += [self.original(k) for k in range(cue.index + 1, a)]
        replaced = False
        between = 0
        for k in range(a, b):
            token = self.tokens[k]
            if token.end <= start:
                pieces.append(self.original(k))
                between += 1
            elif token.start >= end:
                if cue.word == _ACCORDING_WORD:
                    break
                pieces.append(self.original(k))
            elif not replaced:
                head = self.text[token.start : start] if token.start < start else ""
                pieces.append(head + _ELLIPSIS)
                replaced = True
        if cue.word == _ACCORDING_WORD:
            if pieces[-1] == _ELLIPSIS and not between:
                pieces.pop()
        else:
            pieces += [self.original(k) for k in cue.closer if k >= b]
        return " ".join(pieces)
