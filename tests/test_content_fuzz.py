"""Malformed content never crashes the loader: every failure is a ContentError with positions."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import ContentError, resolve, validate_paths
from game.content.documents import parse_document
from test_content_support import DATA, content_env, dump  # noqa: F401 - fixture

MINI = yaml.safe_load((DATA / "scenarios" / "mini.yaml").read_text())
DECK = yaml.safe_load((DATA / "decks" / "mini-extra.yaml").read_text())

junk = st.one_of(
    st.none(), st.booleans(), st.integers(-5000, 5000), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.just([]), st.just({}), st.just(["x"]), st.just({"meter": "nope", "add": 1}),
    st.sampled_from(["vote", "visit", "leverage", "cost", "gna", "tripoli", "weak", "mini-vote", "2019-04"]),
)


def paths_of(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths_of(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths_of(v, prefix + (i,))


@st.composite
def mutated(draw, base):
    d = copy.deepcopy(base)
    all_paths = [p for p in paths_of(d) if p]
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(all_paths))
        parent = d
        try:
            for el in target[:-1]:
                parent = parent[el]
            last = target[-1]
            action = draw(st.sampled_from(["replace", "delete", "rename"]))
            if action == "replace":
                parent[last] = draw(junk)
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(last)
        except (KeyError, IndexError, TypeError):
            continue
    return d


# more examples than the profile's: the mutation space is large and an example costs ~40 ms; content_env is
# reused across examples on purpose (each example rewrites its files)
@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=mutated(MINI), deck=mutated(DECK))
def test_mutated_content_gives_problems_not_tracebacks(content_env, scenario, deck):
    s = content_env.write("scenarios/s.yaml", dump(scenario))
    d = content_env.write("decks-x/d.yaml", dump(deck))
    try:
        resolve(s, decks=[d])
    except ContentError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
    for p in validate_paths([s, d]):
        assert p.path and p.message


@settings(max_examples=200)  # parsing 80 characters costs well under a millisecond
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{},'\"&*!#|>?%@`0123456789.~\t")), max_size=80))
def test_random_yaml_text(text):
    doc = parse_document(text, "x.yaml")
    assert doc.model is None or not doc.problems
    for p in doc.problems:
        assert isinstance(p.line, int) and p.message
