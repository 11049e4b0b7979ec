//! Reordering a flow's bindings with as few requests as possible, in an order
//! that never puts the same stage twice at one order in the flow (authentik's
//! unique (target, stage, order)).
//!
//! The list is shown as authentik sorts it: by order, then by pk. A move gives
//! a desired sequence; the plan keeps as many bindings where they are as
//! possible and renumbers the rest into the gaps.

use std::collections::HashMap;

/// A binding's place in its flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The binding's pk.
    pub id: String,
    /// The bound stage's pk.
    pub stage: String,
    pub order: i64,
}

const MIN: i64 = i32::MIN as i64;
const MAX: i64 = i32::MAX as i64;

/// The sequence after moving the item at `index` by `delta` places, or `None`
/// if it cannot move that way.
pub fn moved(list: &[Placed], index: usize, delta: isize) -> Option<Vec<Placed>> {
    let target = index as isize + delta;
    if index >= list.len() || target < 0 || target as usize >= list.len() || delta == 0 {
        return None;
    }
    let mut out = list.to_vec();
    let item = out.remove(index);
    out.insert(target as usize, item);
    Some(out)
}

/// Can `a` stay right before `b` (with `between` renumbered items between them)?
fn compatible(a: &Placed, b: &Placed, between: usize) -> bool {
    if between == 0 {
        b.order > a.order || (b.order == a.order && a.id < b.id)
    } else {
        b.order - a.order > between as i64
    }
}

/// The order changes that make `sequence` (the desired order, each item with
/// its current order) true, in a safe order of application. `moved_id`, the
/// item the user moved, is the one preferred for renumbering.
pub fn plan(sequence: &[Placed], moved_id: Option<&str>) -> Vec<(String, i64)> {
    let targets = target_orders(sequence, moved_id);
    safe_sequence(sequence, &targets)
}

/// The order each item should end with.
pub fn target_orders(sequence: &[Placed], moved_id: Option<&str>) -> Vec<i64> {
    let n = sequence.len();
    if n == 0 {
        return Vec::new();
    }
    // Choose the items that keep their order: the heaviest chain of compatible
    // items (weight 2 each, 1 for the moved item, so count wins and, among
    // equal counts, renumbering the moved item is preferred).
    let weight = |i: usize| if Some(sequence[i].id.as_str()) == moved_id { 1 } else { 2 };
    let room_before = |j: usize| sequence[j].order - j as i64 >= MIN;
    let room_after = |i: usize| sequence[i].order + (n - 1 - i) as i64 <= MAX;
    let mut best: Vec<Option<i64>> = vec![None; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for j in 0..n {
        let mut value = if room_before(j) { Some(0) } else { None };
        let mut from = None;
        for i in 0..j {
            if let Some(b) = best[i] {
                if compatible(&sequence[i], &sequence[j], j - i - 1) && value.is_none_or(|v| b > v) {
                    value = Some(b);
                    from = Some(i);
                }
            }
        }
        best[j] = value.map(|v| v + weight(j));
        prev[j] = from;
    }
    let last = (0..n).filter(|&i| room_after(i) && best[i].is_some()).max_by_key(|&i| best[i]);
    let mut kept = vec![false; n];
    let mut cursor = last;
    while let Some(i) = cursor {
        kept[i] = true;
        cursor = prev[i];
    }

    let mut out: Vec<i64> = sequence.iter().map(|p| p.order).collect();
    let kept_positions: Vec<usize> = (0..n).filter(|&i| kept[i]).collect();
    if kept_positions.is_empty() {
        return (1..=n as i64).map(|k| k * 10).collect();
    }
    // Before the first kept item.
    let first = kept_positions[0];
    fill_head(&mut out[..first], sequence[first].order);
    // Between kept items.
    for pair in kept_positions.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        fill_between(&mut out[p + 1..q], sequence[p].order, sequence[q].order);
    }
    // After the last kept item.
    let last = *kept_positions.last().unwrap_or(&first);
    fill_tail(&mut out[last + 1..], sequence[last].order);
    out
}

/// Strictly increasing values strictly between `low` and `high`, round steps when there is room.
fn fill_between(slots: &mut [i64], low: i64, high: i64) {
    let m = slots.len() as i64;
    if m == 0 {
        return;
    }
    let step = (high - low) / (m + 1);
    let step = if step >= 10 { step / 10 * 10 } else { step.max(1) };
    for (k, slot) in slots.iter_mut().enumerate() {
        *slot = low + step * (k as i64 + 1);
    }
}

fn fill_tail(slots: &mut [i64], low: i64) {
    let m = slots.len() as i64;
    let step = if low + 10 * m <= MAX { 10 } else { 1 };
    for (k, slot) in slots.iter_mut().enumerate() {
        *slot = low + step * (k as i64 + 1);
    }
}

fn fill_head(slots: &mut [i64], high: i64) {
    let m = slots.len() as i64;
    if m == 0 {
        return;
    }
    if high - 10 * m >= 0 || (high < m && high - 10 * m >= MIN) {
        // Steps of ten below the first kept item (staying at or above 0 when it can).
        for (k, slot) in slots.iter_mut().enumerate() {
            *slot = high - 10 * (m - k as i64);
        }
    } else if high >= m {
        // Squeeze into 0..high rather than go negative.
        fill_between(slots, -1, high);
    } else {
        for (k, slot) in slots.iter_mut().enumerate() {
            *slot = high - (m - k as i64);
        }
    }
}

/// Orders the changes so that no change lands on an order that the same stage
/// still holds in this flow; a cycle of such swaps parks one binding on a free
/// order first (one extra request).
pub fn safe_sequence(items: &[Placed], targets: &[i64]) -> Vec<(String, i64)> {
    let mut current: HashMap<&str, i64> = items.iter().map(|p| (p.id.as_str(), p.order)).collect();
    let mut pending: Vec<(usize, i64)> =
        items.iter().zip(targets).enumerate().filter(|(_, (p, t))| p.order != **t).map(|(i, (_, t))| (i, *t)).collect();
    let all_orders: Vec<i64> = items.iter().map(|p| p.order).chain(targets.iter().copied()).collect();
    let mut out = Vec::new();
    while !pending.is_empty() {
        let blocked = |&(i, target): &(usize, i64), current: &HashMap<&str, i64>| {
            items.iter().any(|y| y.id != items[i].id && y.stage == items[i].stage && current[y.id.as_str()] == target)
        };
        match pending.iter().position(|p| !blocked(p, &current)) {
            Some(pos) => {
                let (i, target) = pending.remove(pos);
                current.insert(items[i].id.as_str(), target);
                out.push((items[i].id.clone(), target));
            }
            None => {
                let (i, _) = pending[0];
                let top = all_orders.iter().chain(current.values()).copied().max().unwrap_or(0);
                let bottom = all_orders.iter().chain(current.values()).copied().min().unwrap_or(0);
                let parked = if top < MAX { top + 1 } else { bottom - 1 };
                current.insert(items[i].id.as_str(), parked);
                out.push((items[i].id.clone(), parked));
            }
        }
    }
    out
}

/// Bindings that share an order, as (order, their indices in `list`), in
/// list order. authentik runs a flow's stages sorted by order alone: which of
/// two at one order runs first is not defined.
pub fn shared_orders(list: &[Placed]) -> Vec<(i64, Vec<usize>)> {
    let mut groups: Vec<(i64, Vec<usize>)> = Vec::new();
    for (index, item) in list.iter().enumerate() {
        match groups.iter_mut().find(|(order, _)| *order == item.order) {
            Some((_, members)) => members.push(index),
            None => groups.push((item.order, vec![index])),
        }
    }
    groups.retain(|(_, members)| members.len() > 1);
    groups
}

/// The changes that number `list` 10, 20, 30, … in the order it is in (as
/// shown: by order, then pk), in a safe order; bindings already at their
/// number are left alone.
pub fn renumbered(list: &[Placed]) -> Vec<(String, i64)> {
    let targets: Vec<i64> = (1..=list.len() as i64).map(|i| (i * 10).min(MAX)).collect();
    safe_sequence(list, &targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, stage: &str, order: i64) -> Placed {
        Placed { id: id.into(), stage: stage.into(), order }
    }

    /// Applies the plan, checking the unique constraint after every request,
    /// and returns the final display order (by order, then pk).
    fn apply(items: &[Placed], plan: &[(String, i64)]) -> Vec<String> {
        let mut state: Vec<Placed> = items.to_vec();
        for (id, order) in plan {
            let item = state.iter_mut().find(|p| &p.id == id).unwrap();
            item.order = *order;
            assert!((MIN..=MAX).contains(order));
            let mut seen = std::collections::HashSet::new();
            for s in &state {
                assert!(
                    seen.insert((s.stage.clone(), s.order)),
                    "duplicate (stage, order) after {id} -> {order}: {state:?}"
                );
            }
        }
        state.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        state.into_iter().map(|p| p.id).collect()
    }

    fn ids(list: &[Placed]) -> Vec<String> {
        list.iter().map(|p| p.id.clone()).collect()
    }

    #[test]
    fn an_adjacent_move_is_one_request() {
        let list = vec![p("a", "s1", 10), p("b", "s2", 20), p("c", "s3", 30)];
        let seq = moved(&list, 2, -1).unwrap();
        let plan = plan(&seq, Some("c"));
        assert_eq!(plan, vec![("c".to_string(), 15)]);
        assert_eq!(apply(&list, &plan), ids(&seq));

        let seq = moved(&list, 0, 1).unwrap();
        let plan = super::plan(&seq, Some("a"));
        assert_eq!(plan, vec![("a".to_string(), 25)]);
        assert_eq!(apply(&list, &plan), ids(&seq));
    }

    #[test]
    fn moving_to_the_top_keeps_orders_non_negative_when_possible() {
        let list = vec![p("a", "s1", 10), p("b", "s2", 20)];
        let seq = moved(&list, 1, -1).unwrap();
        let plan = plan(&seq, Some("b"));
        assert_eq!(plan, vec![("b".to_string(), 0)]);
        assert_eq!(apply(&list, &plan), ids(&seq));
    }

    #[test]
    fn no_room_renumbers_a_neighbour_instead() {
        let list = vec![p("a", "s1", 10), p("b", "s2", 11), p("c", "s3", 12)];
        let seq = moved(&list, 2, -1).unwrap();
        let plan = plan(&seq, Some("c"));
        assert_eq!(plan.len(), 1);
        assert_eq!(apply(&list, &plan), ids(&seq));
    }

    #[test]
    fn ties_are_ordered_by_pk_and_left_alone() {
        let list = vec![p("a", "s1", 0), p("b", "s2", 0), p("c", "s3", 10), p("d", "s4", 20)];
        let seq = moved(&list, 3, -1).unwrap();
        let plan = plan(&seq, Some("d"));
        assert_eq!(plan.len(), 1);
        assert_eq!(apply(&list, &plan), ids(&seq));
        // Swapping two tied items needs one of them renumbered.
        let seq = moved(&list, 1, -1).unwrap();
        let plan = super::plan(&seq, Some("b"));
        assert_eq!(plan, vec![("b".to_string(), -10)]);
        assert_eq!(apply(&list, &plan), ids(&seq));
    }

    #[test]
    fn swapping_orders_of_the_same_stage_parks_one_first() {
        let items = vec![p("x", "s", 10), p("y", "s", 20)];
        let plan = safe_sequence(&items, &[20, 10]);
        assert_eq!(plan.len(), 3);
        let mut state = items.clone();
        for (id, order) in &plan {
            state.iter_mut().find(|p| &p.id == id).unwrap().order = *order;
            assert_ne!(state[0].order, state[1].order);
        }
        assert_eq!((state[0].order, state[1].order), (20, 10));
    }

    #[test]
    fn a_change_waits_until_its_stage_leaves_the_target_order() {
        // The same stage at 20 and 30; the one at 30 must go to 20 after the
        // one at 20 has moved away.
        let items = vec![p("x", "s", 20), p("y", "s", 30)];
        let plan = safe_sequence(&items, &[40, 20]);
        assert_eq!(plan, vec![("x".to_string(), 40), ("y".to_string(), 20)]);
    }

    #[test]
    fn extreme_orders_stay_in_range() {
        let list = vec![p("a", "s1", MIN), p("b", "s2", MIN + 1), p("c", "s3", MAX)];
        for (index, delta) in [(0, 1), (2, -1), (1, 1), (1, -1)] {
            let seq = moved(&list, index, delta).unwrap();
            let moved_id = list[index].id.clone();
            let plan = plan(&seq, Some(&moved_id));
            assert_eq!(apply(&list, &plan), ids(&seq), "{index} {delta}");
        }
    }

    #[test]
    fn random_moves_always_land_in_the_desired_order_with_few_requests() {
        let mut seed = 0x5eed_u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..2000 {
            let len = 1 + next(15) as usize;
            let mut list: Vec<Placed> = (0..len)
                .map(|i| p(&format!("{:02}", next(90)), &format!("s{}", next(4)), next(6) as i64 * [1, 10, 100][i % 3]))
                .collect();
            // Make the starting state valid: unique ids and (stage, order).
            list.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
            list.dedup_by(|a, b| a.id == b.id);
            let mut seen = std::collections::HashSet::new();
            list.retain(|x| seen.insert((x.stage.clone(), x.order)));
            let mut ids_seen = std::collections::HashSet::new();
            list.retain(|x| ids_seen.insert(x.id.clone()));
            if list.len() < 2 {
                continue;
            }
            let index = next(list.len() as u64) as usize;
            let delta = if next(2) == 0 { -1 } else { 1 };
            let Some(seq) = moved(&list, index, delta) else { continue };
            let plan = plan(&seq, Some(&list[index].id));
            assert_eq!(apply(&list, &plan), ids(&seq), "{list:?} move {index} by {delta}: {plan:?}");
            // As few bindings renumbered as any valid choice of bindings to keep allows.
            if seq.len() <= 8 {
                let changed = seq.iter().zip(target_orders(&seq, None)).filter(|(p, t)| p.order != *t).count();
                assert!(changed <= seq.len() - most_kept(&seq), "{seq:?}: {changed} changed");
            }
        }
    }

    /// Brute force: the largest set of items that can keep their orders.
    fn most_kept(seq: &[Placed]) -> usize {
        let n = seq.len();
        (0u32..1 << n)
            .filter(|mask| {
                let kept: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
                let head = kept.first().is_none_or(|&j| seq[j].order - j as i64 >= MIN);
                let tail = kept.last().is_none_or(|&i| seq[i].order + (n - 1 - i) as i64 <= MAX);
                head && tail && kept.windows(2).all(|w| compatible(&seq[w[0]], &seq[w[1]], w[1] - w[0] - 1))
            })
            .map(|mask| mask.count_ones() as usize)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn shared_orders_are_found_in_list_order() {
        let list = vec![p("a", "s1", 10), p("b", "s2", 20), p("c", "s3", 20), p("d", "s4", 30), p("e", "s1", 30)];
        assert_eq!(shared_orders(&list), vec![(20, vec![1, 2]), (30, vec![3, 4])]);
        assert!(shared_orders(&list[..2]).is_empty());
        assert!(shared_orders(&[]).is_empty());
    }

    #[test]
    fn renumbering_gives_tens_in_the_order_shown_with_few_and_safe_requests() {
        let list = vec![p("a", "s1", 10), p("b", "s2", 20), p("c", "s3", 20), p("d", "s1", 20)];
        let plan = renumbered(&list);
        // a and b are already at 10 and 20.
        assert_eq!(plan, vec![("c".to_string(), 30), ("d".to_string(), 40)]);
        assert_eq!(apply(&list, &plan), ids(&list));
        // The same stage twice, each wanting the other's order: one is parked first.
        let swap = vec![p("x", "s1", 20), p("y", "s1", 10)];
        let plan = renumbered(&swap);
        assert_eq!(plan.len(), 3);
        let last_order = |id: &str| plan.iter().rev().find(|(i, _)| i == id).map(|(_, o)| *o);
        assert_eq!((last_order("x"), last_order("y")), (Some(10), Some(20)));
        assert_eq!(apply(&swap, &plan), vec!["x", "y"]);
    }
}
