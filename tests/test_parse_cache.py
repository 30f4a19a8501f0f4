"""The parse cache is bounded by the gates it holds, not by the number of programs."""

from circuitgrad.engine import result
from circuitgrad.engine.errors import Limits


def long_sum(seed: int, terms: int) -> str:
    return " + ".join(f"x*{seed + i}" for i in range(terms))


def test_the_cache_drops_the_oldest_graphs_once_its_gates_exceed_the_budget():
    cache = result._GraphCache(max_nodes=1_000)
    for seed in range(20):
        cache.parse(long_sum(seed, 100), frozenset({"x"}), False, Limits(), 0)
    assert cache.nodes <= 1_000
    assert 0 < len(cache.graphs) < 20
    assert cache.nodes == sum(len(graph.kinds) for graph in cache.graphs.values())


def test_a_cached_program_is_parsed_once():
    cache = result._GraphCache(max_nodes=1_000)
    first = cache.parse("x*y", frozenset(), False, Limits(), 0)
    assert cache.parse("x*y", frozenset(), False, Limits(), 0) is first


def test_a_graph_bigger_than_the_budget_is_kept_alone_until_the_next_one():
    cache = result._GraphCache(max_nodes=10)
    cache.parse(long_sum(0, 50), frozenset({"x"}), False, Limits(), 0)
    assert len(cache.graphs) == 1
    cache.parse("x*y", frozenset(), False, Limits(), 0)
    assert list(cache.graphs) == [("x*y", frozenset(), False, Limits(), 0)]


def test_evaluation_uses_the_bounded_cache():
    result.set_parse_cache(True)
    result.evaluate("x*y*3", {"x": 1.0, "y": 2.0})
    assert result._graph_cache.nodes <= result.CACHE_MAX_NODES
    assert any(key[0] == "x*y*3" for key in result._graph_cache.graphs)
