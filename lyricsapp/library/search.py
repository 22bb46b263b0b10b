"""The library's search, shared by the pages and the read API.

Matching is always a case-insensitive substring test (``ILIKE``) on the title
or the text, so results are exact. What changes with the query is the index
that finds the candidates fast (see docs/performance.md):

- CJK characters (Chinese, Japanese kana, Korean hangul): a GIN index on
  ``lyric_search_keys(title, text)``, the array of every CJK character and
  every pair of adjacent CJK characters. Trigrams cannot index the common
  two-character Chinese word; this index can, and single characters too.
- Other text of three characters or more: the pg_trgm GIN indexes on
  ``title`` and ``text``, which serve ``ILIKE`` directly.
- Anything shorter matches so many rows that walking the newest rows first
  finds a page at once.
"""

from django.contrib.postgres.fields import ArrayField
from django.db.models import F, Func, Lookup, Q, TextField, Value

from lyricsapp.cjk import CJK_RUN

# Longest query taken into account; longer input is cut, not rejected.
MAX_QUERY_LENGTH = 200


class ILike(Lookup):
    """``lhs ILIKE rhs``: unlike Django's icontains (``UPPER(x) LIKE UPPER(y)``)
    this is the form the pg_trgm indexes on the bare columns can serve."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", (*lhs_params, *rhs_params)


class SearchKeys(Func):
    """The indexed expression; written exactly as in the index definition."""

    function = "lyric_search_keys"
    output_field = ArrayField(TextField())


def normalize_query(q):
    return " ".join((q or "").split())[:MAX_QUERY_LENGTH]


def cjk_keys(q):
    """The keys every lyric containing ``q`` has: its CJK pairs, or the lone
    character of a one-character run."""
    keys = set()
    for run in CJK_RUN.findall(q):
        if len(run) == 1:
            keys.add(run)
        else:
            keys.update(run[i : i + 2] for i in range(len(run) - 1))
    return sorted(keys)


def like_pattern(q):
    """``%q%`` with LIKE's wildcards and escape character taken literally."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def lyrics_matching(queryset, q):
    """Lyrics whose title or text contains ``q``, case-insensitively, in any script.

    Only searchable lyrics: the search indexes are partial, and a lyric a
    callback just stored becomes searchable when its follow-up work is done.
    """
    q = normalize_query(q)
    if not q:
        return queryset
    queryset = queryset.filter(searchable=True)
    pattern = Value(like_pattern(q))
    matches = Q(ILike(F("title"), pattern)) | Q(ILike(F("text"), pattern))
    keys = cjk_keys(q)
    if keys:
        queryset = queryset.alias(search_keys=SearchKeys(F("title"), F("text")))
        return queryset.filter(matches, search_keys__contains=keys)
    return queryset.filter(matches)
