"""Analysing a scenario's graph: best and worst scores, paths, and flaws.

Flags and counters are part of the state, so the analysis explores pairs of
(scene, state) rather than scenes alone, up to :data:`MAX_STATES` pairs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from course.authoring.model import Choice, Effect, Scenario, Scene

#: How many (scene, state) pairs the analysis explores before giving up.
MAX_STATES = 20_000

State = tuple[tuple[str, int], ...]
Node = tuple[str, State]


@dataclass(frozen=True)
class Edge:
    """One available choice in the state graph."""

    source: int
    target: int
    choice: Choice


@dataclass(frozen=True)
class Analysis:
    """What a scenario's graph allows, as the linter and scoring need it."""

    #: Highest score a learner can finish with; 0 if ``unbounded``.
    best_score: int
    #: Highest points achievable per criterion of the scenario.
    best_criterion_scores: dict[str, int]
    #: A route to ``best_score``: (scene id, choice index) for each step.
    best_path: tuple[tuple[str, int], ...]
    #: Lowest score a learner can finish with; 0 if ``worst_unbounded``.
    worst_score: int
    #: Distinct routes (choice sequences) from the start to an ending. A loop is
    #: counted without going round it: the choice that closes a loop (returns
    #: to a scene and state already on the route) is left out, so the count is
    #: always finite.
    path_count: int
    scene_count: int
    choice_count: int
    ending_count: int
    #: Whether some route can repeat a (scene, state) pair.
    has_loops: bool = False
    #: A loop with positive points can be repeated to raise the score forever.
    unbounded: bool = False
    #: A loop with negative points can lower the score forever.
    worst_unbounded: bool = False
    #: More than MAX_STATES pairs: results below are partial.
    truncated: bool = False
    reachable_scenes: frozenset[str] = frozenset()
    #: Non-ending scenes reached in a state where no choice is available.
    dead_end_scenes: tuple[str, ...] = ()
    #: One scene per loop from which no ending can be reached.
    trapped_scenes: tuple[str, ...] = ()
    #: One scene per loop whose points can grow without bound.
    growing_loop_scenes: tuple[str, ...] = ()
    #: Choices whose condition is false every time their scene is reached.
    never_offered: tuple[tuple[str, int], ...] = ()


@dataclass
class StateGraph:
    """Explored (scene, state) pairs and the choices between them."""

    nodes: list[Node] = field(default_factory=list)
    index: dict[Node, int] = field(default_factory=dict)
    edges: list[list[Edge]] = field(default_factory=list)
    endings: set[int] = field(default_factory=set)
    dead_ends: set[int] = field(default_factory=set)
    frontier: set[int] = field(default_factory=set)
    offered: set[tuple[str, int]] = field(default_factory=set)
    truncated: bool = False


def analyse_scenario(scenario: Scenario, max_states: int = MAX_STATES) -> Analysis:
    """Return best and worst scores, the best path and the graph's flaws."""
    graph = explore_states(scenario, max_states)
    live = find_live_nodes(graph)
    components = find_components(graph, set(range(len(graph.nodes))))
    cyclic = [c for c in components if is_cyclic_component(graph, c)]
    order = topological_order(components, live) if not cyclic else None
    growing = find_growing_loops(scenario, graph, [c for c in cyclic if c[0] in live])
    best_total = find_extreme_path(graph, live, get_points, order)
    worst_total = find_extreme_path(graph, live, get_negative_points, order)
    criterion_best = find_criterion_bests(scenario, graph, live, order, best_total)
    unbounded = (
        bool(growing)
        or best_total is None
        or any(result is None for result in criterion_best.values())
    )

    return Analysis(
        best_score=best_total[0] if best_total and not unbounded else 0,
        best_criterion_scores={
            criterion: result[0] if result and not unbounded else 0
            for criterion, result in criterion_best.items()
        },
        best_path=best_total[1] if best_total and not unbounded else (),
        worst_score=-worst_total[0] if worst_total else 0,
        path_count=count_paths(graph, live),
        scene_count=len(scenario.scenes),
        choice_count=sum(len(s.choices) for s in scenario.scenes.values()),
        ending_count=sum(1 for s in scenario.scenes.values() if s.is_ending),
        has_loops=bool(cyclic),
        unbounded=unbounded,
        worst_unbounded=worst_total is None,
        truncated=graph.truncated,
        reachable_scenes=frozenset(scene for scene, _ in graph.nodes),
        dead_end_scenes=order_scenes(
            scenario, (graph.nodes[n][0] for n in graph.dead_ends)
        ),
        trapped_scenes=find_trapped_loops(
            scenario, graph, [c for c in cyclic if c[0] not in live]
        ),
        growing_loop_scenes=growing,
        never_offered=find_never_offered(scenario, graph),
    )


def get_points(choice: Choice) -> int:
    """A choice's total points."""
    return choice.points


def get_negative_points(choice: Choice) -> int:
    """A choice's total points, negated (to find the worst route)."""
    return -choice.points


def find_criterion_bests(
    scenario: Scenario,
    graph: StateGraph,
    live: set[int],
    order: list[int] | None,
    best_total: tuple[int, tuple[tuple[str, int], ...]] | None,
) -> dict[str, tuple[int, tuple[tuple[str, int], ...]] | None]:
    """Return the best route per criterion; without split points it is the total."""
    splits = any(
        choice.criterion_points
        for scene in scenario.scenes.values()
        for choice in scene.choices
    )
    if not splits:
        return dict.fromkeys(scenario.criteria, best_total)
    return {
        criterion: find_extreme_path(graph, live, points_getter(criterion), order)
        for criterion in scenario.criteria
    }


def topological_order(components: list[list[int]], live: set[int]) -> list[int]:
    """Return live nodes in topological order (Tarjan yields sinks first)."""
    return [c[0] for c in reversed(components) if c[0] in live]


def points_getter(criterion: str) -> Callable[[Choice], int]:
    """Return a function giving a choice's points towards ``criterion``."""
    return lambda choice: choice.points_for(criterion)


def order_scenes(scenario: Scenario, scene_ids: Iterable[str]) -> tuple[str, ...]:
    """Return distinct scene ids in file order."""
    wanted = set(scene_ids)
    return tuple(scene_id for scene_id in scenario.scenes if scene_id in wanted)


def apply_effects(
    state: Mapping[str, int], effects: Sequence[Effect]
) -> dict[str, int]:
    """Return the state after applying effects in order."""
    result = dict(state)
    for effect in effects:
        result = effect.apply(result)
    return result


def freeze_state(state: Mapping[str, int]) -> State:
    """Return a hashable state; variables at 0 are left out (0 is the default)."""
    return tuple(sorted((name, value) for name, value in state.items() if value))


def explore_states(scenario: Scenario, max_states: int) -> StateGraph:
    """Explore (scene, state) pairs breadth-first from the start scene."""
    graph = StateGraph()
    start_scene = scenario.scenes.get(scenario.start)
    if start_scene is None:
        return graph
    add_node(
        graph, (start_scene.id, freeze_state(apply_effects({}, start_scene.effects)))
    )

    queue: deque[int] = deque([0])
    while queue:
        source = queue.popleft()
        scene = scenario.scenes[graph.nodes[source][0]]
        if scene.is_ending:
            graph.endings.add(source)
            continue
        queue.extend(expand_node(scenario, graph, source, scene, max_states))
    return graph


def add_node(graph: StateGraph, node: Node) -> tuple[int, bool]:
    """Return the node's number, and whether it is new."""
    known = graph.index.get(node)
    if known is not None:
        return known, False
    graph.index[node] = len(graph.nodes)
    graph.nodes.append(node)
    graph.edges.append([])
    return len(graph.nodes) - 1, True


def expand_node(
    scenario: Scenario, graph: StateGraph, source: int, scene: Scene, max_states: int
) -> list[int]:
    """Add the edges of every choice available at ``source``; return new nodes."""
    state = dict(graph.nodes[source][1])
    new_nodes: list[int] = []
    offered_any = False
    for choice in scene.choices:
        if choice.condition is not None and not choice.condition.holds(state):
            continue
        offered_any = True
        graph.offered.add((scene.id, choice.index))
        target_scene = scenario.scenes.get(choice.target)
        if target_scene is None:
            continue
        after = apply_effects(
            apply_effects(state, choice.effects), target_scene.effects
        )
        node = (target_scene.id, freeze_state(after))
        if node not in graph.index and len(graph.nodes) >= max_states:
            graph.truncated = True
            graph.frontier.add(source)
            continue
        target, is_new = add_node(graph, node)
        graph.edges[source].append(Edge(source, target, choice))
        if is_new:
            new_nodes.append(target)
    if not offered_any:
        graph.dead_ends.add(source)
    return new_nodes


def find_live_nodes(graph: StateGraph) -> set[int]:
    """Return nodes from which an ending (or unexplored frontier) can be reached."""
    incoming: list[list[int]] = [[] for _ in graph.nodes]
    for edges in graph.edges:
        for edge in edges:
            incoming[edge.target].append(edge.source)
    live = set(graph.endings) | graph.frontier
    stack = list(live)
    while stack:
        node = stack.pop()
        for source in incoming[node]:
            if source not in live:
                live.add(source)
                stack.append(source)
    return live


def find_components(graph: StateGraph, allowed: set[int]) -> list[list[int]]:
    """Return strongly connected components among ``allowed`` nodes (Tarjan)."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in sorted(allowed):
        if root in index_of:
            continue
        work = [(root, 0)]
        while work:
            node, edge_position = work.pop()
            if edge_position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = [e.target for e in graph.edges[node] if e.target in allowed]
            if edge_position < len(edges):
                work.append((node, edge_position + 1))
                target = edges[edge_position]
                if target not in index_of:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index_of[target])
                continue
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def is_cyclic_component(graph: StateGraph, component: list[int]) -> bool:
    """Return whether a component contains a cycle (several nodes or a self-loop)."""
    if len(component) > 1:
        return True
    node = component[0]
    return any(edge.target == node for edge in graph.edges[node])


def find_trapped_loops(
    scenario: Scenario, graph: StateGraph, dead_loops: list[list[int]]
) -> tuple[str, ...]:
    """Return one scene per loop from which no ending can be reached.

    A component either reaches an ending from every node or from none, so
    the loops of the whole graph split cleanly into live and dead ones.
    """
    scenes = [
        order_scenes(scenario, (graph.nodes[n][0] for n in component))[0]
        for component in dead_loops
    ]
    return order_scenes(scenario, scenes)


def find_growing_loops(
    scenario: Scenario, graph: StateGraph, live_loops: list[list[int]]
) -> tuple[str, ...]:
    """Return one scene per live loop whose points can rise without limit."""
    if graph.truncated:
        return find_growing_scene_loops(scenario)
    weights: list[Callable[[Choice], int]] = [get_points]
    weights += [points_getter(criterion) for criterion in scenario.criteria]
    scenes = []
    for component in live_loops:
        members = set(component)
        if any(has_positive_cycle(graph, members, weight) for weight in weights):
            scenes.append(
                order_scenes(scenario, (graph.nodes[n][0] for n in component))[0]
            )
    return order_scenes(scenario, scenes)


def has_positive_cycle(
    graph: StateGraph, members: set[int], weight: Callable[[Choice], int]
) -> bool:
    """Return whether a cycle inside ``members`` has positive total weight."""
    distance = dict.fromkeys(members, 0)
    for _ in range(len(members)):
        changed = False
        for node in members:
            for edge in graph.edges[node]:
                if edge.target not in members:
                    continue
                candidate = distance[node] + weight(edge.choice)
                if candidate > distance[edge.target]:
                    distance[edge.target] = candidate
                    changed = True
        if not changed:
            return False
    return True


def find_growing_scene_loops(scenario: Scenario) -> tuple[str, ...]:
    """Conservative fallback: loops of scenes (ignoring state) with positive points."""
    graph = StateGraph()
    for scene_id in scenario.scenes:
        add_node(graph, (scene_id, ()))
    for scene in scenario.scenes.values():
        source = graph.index[(scene.id, ())]
        for choice in scene.choices:
            target = graph.index.get((choice.target, ()))
            if target is not None:
                graph.edges[source].append(Edge(source, target, choice))
    loops = [
        component
        for component in find_components(graph, set(range(len(graph.nodes))))
        if is_cyclic_component(graph, component)
    ]
    return find_growing_loops(scenario, graph, loops)


def find_extreme_path(
    graph: StateGraph,
    live: set[int],
    weight: Callable[[Choice], int],
    order: list[int] | None = None,
) -> tuple[int, tuple[tuple[str, int], ...]] | None:
    """Return the highest total ``weight`` to an ending and its route.

    None means a loop makes the total unbounded (or nothing reaches an ending).
    ``order`` is a topological order of the live nodes when there are no loops.
    """
    if 0 not in live or not graph.endings:
        return (0, ()) if 0 in live else None
    if order is not None:
        return find_longest_acyclic_path(graph, live, weight, order)
    best: dict[int, int] = {0: 0}
    via: dict[int, Edge] = {}
    queue: deque[int] = deque([0])
    queued = {0}
    relaxations = 0
    limit = (len(live) + 1) * (sum(len(e) for e in graph.edges) + 1)
    while queue:
        node = queue.popleft()
        queued.discard(node)
        for edge in graph.edges[node]:
            if edge.target not in live:
                continue
            candidate = best[node] + weight(edge.choice)
            if edge.target in best and candidate <= best[edge.target]:
                continue
            relaxations += 1
            if relaxations > limit:
                return None
            best[edge.target] = candidate
            via[edge.target] = edge
            if edge.target not in queued:
                queued.add(edge.target)
                queue.append(edge.target)

    reached = [n for n in graph.endings if n in best]
    if not reached:
        return None
    ending = max(reached, key=lambda n: (best[n], -n))
    return best[ending], trace_route(graph, via, ending)


def find_longest_acyclic_path(
    graph: StateGraph,
    live: set[int],
    weight: Callable[[Choice], int],
    order: list[int],
) -> tuple[int, tuple[tuple[str, int], ...]] | None:
    """Return the highest total to an ending, relaxing nodes in topological order."""
    best: dict[int, int] = {0: 0}
    via: dict[int, Edge] = {}
    for node in order:
        if node not in best:
            continue
        for edge in graph.edges[node]:
            if edge.target not in live:
                continue
            candidate = best[node] + weight(edge.choice)
            if edge.target not in best or candidate > best[edge.target]:
                best[edge.target] = candidate
                via[edge.target] = edge
    reached = [n for n in graph.endings if n in best]
    if not reached:
        return None
    ending = max(reached, key=lambda n: (best[n], -n))
    return best[ending], trace_route(graph, via, ending)


def trace_route(
    graph: StateGraph, via: Mapping[int, Edge], ending: int
) -> tuple[tuple[str, int], ...]:
    """Return the (scene id, choice index) steps that lead to ``ending``."""
    steps: list[tuple[str, int]] = []
    node = ending
    seen: set[int] = set()
    while node in via and node not in seen:
        seen.add(node)
        edge = via[node]
        steps.append((graph.nodes[edge.source][0], edge.choice.index))
        node = edge.source
    return tuple(reversed(steps))


def count_paths(graph: StateGraph, live: set[int]) -> int:
    """Count routes from the start to an ending, leaving out loop-closing choices."""
    if 0 not in live:
        return 0
    counts: dict[int, int] = {}
    on_route: set[int] = set()
    work: list[tuple[int, int]] = [(0, 0)]
    on_route.add(0)
    partial: dict[int, int] = {0: 1 if 0 in graph.endings else 0}
    while work:
        node, position = work.pop()
        edges = graph.edges[node]
        if position < len(edges):
            work.append((node, position + 1))
            target = edges[position].target
            if target not in live or target in on_route:
                continue
            if target in counts:
                partial[node] += counts[target]
                continue
            on_route.add(target)
            partial[target] = 1 if target in graph.endings else 0
            work.append((target, 0))
            continue
        on_route.discard(node)
        counts[node] = partial[node]
        if work:
            partial[work[-1][0]] += counts[node]
    return counts.get(0, 0)


def find_never_offered(
    scenario: Scenario, graph: StateGraph
) -> tuple[tuple[str, int], ...]:
    """Return conditional choices never available when their scene is reached."""
    if graph.truncated:
        return ()
    reached = {scene for scene, _ in graph.nodes}
    return tuple(
        (scene.id, choice.index)
        for scene in scenario.scenes.values()
        if scene.id in reached
        for choice in scene.choices
        if choice.condition is not None
        and (scene.id, choice.index) not in graph.offered
    )
