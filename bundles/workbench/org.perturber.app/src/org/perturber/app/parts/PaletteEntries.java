package org.perturber.app.parts;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.explore.ExploreSession;

/**
 * Which entry of the session's stack the Corruptions palette manages, if any: the one its last click put there,
 * followed through every later stack (edits elsewhere, entries moved, added or removed around it, undo and redo), so
 * that the next click replaces that entry and never one the user added by hand. One for the whole workbench (kept in
 * the application's context): the palettes of both perspectives manage the same entry. It hears every change of
 * the session as it happens, on the thread that made it, so that no stack between two paints is missed.
 *
 * <p>A stack it cannot relate to the one before (an opened session, a stack set from a file) has no entry of the
 * palette's unless one looks exactly like what the palette puts there: a suite corruption's perturbation with its
 * severity parameter set and nothing else but a seed. The last such entry is taken as the palette's.
 */
final class PaletteEntries {
    /** The palette's entry in a stack: where it is and which corruption it is. */
    record Owned(int index, SuiteCorruption corruption) {
    }

    /** Stacks remembered with their entry: undo and redo bring back the very stack object that was replaced. */
    private static final int REMEMBERED = 4096;

    private record Seen(WeakReference<PerturbationStack> stack, Owned owned) {
    }

    private final ArrayDeque<Seen> seen = new ArrayDeque<>();
    private final Map<String, List<SuiteCorruption>> suites = new LinkedHashMap<>();
    private PerturbationStack last;
    private Owned lastOwned;
    /** Whether the last stack's entry was recognised by its look rather than followed from the stack before. */
    private boolean lastRecognised;

    private PaletteEntries() {
    }

    /** The workbench's one instance, made on first use and fed by the session from then on. */
    static PaletteEntries of(IEclipseContext application, ExploreSession session) {
        synchronized (PaletteEntries.class) {
            PaletteEntries entries = application.get(PaletteEntries.class);
            if (entries == null) {
                entries = new PaletteEntries();
                PaletteEntries listening = entries;
                listening.observe(session.stack());
                session.addListener(e -> listening.observe(e.state().stack()));
                application.set(PaletteEntries.class, entries);
            }
            return entries;
        }
    }

    /** The palette's entry in this stack, or null. */
    synchronized Owned owned(PerturbationStack stack) {
        if (stack == last) {
            return lastOwned;
        }
        for (Seen s : seen) {
            if (s.stack().get() == stack) {
                return s.owned();
            }
        }
        return observe(stack);
    }

    /** Makes {@code owned} the palette's entry of a stack the palette is about to set. */
    synchronized void claim(PerturbationStack stack, Owned owned) {
        remember(stack, owned);
    }

    /**
     * The corruptions of a suite a palette shows: what an entry is recognised by in a stack that cannot be followed
     * from the one before. The current stack is looked at again if its entry was not followed.
     */
    synchronized void offer(String suite, List<SuiteCorruption> corruptions) {
        suites.put(suite, List.copyOf(corruptions));
        if (last != null && lastRecognised) {
            lastOwned = recognise(last);
            remember(last, lastOwned);
        }
    }

    /** Relates a new current stack to the one before, or recognises the entry when it cannot. */
    private synchronized Owned observe(PerturbationStack stack) {
        if (stack == last) {
            return lastOwned;
        }
        Owned known = null;
        boolean remembered = false;
        for (Seen s : seen) {
            if (s.stack().get() == stack) {
                known = s.owned();
                remembered = true;
            }
        }
        Owned owned;
        boolean recognised = false;
        if (remembered) {
            owned = known;
        } else {
            Follow follow = last == null ? Follow.UNRELATED : follow(last, lastOwned, stack);
            if (!follow.related()) {
                owned = recognise(stack);
                recognised = true;
            } else {
                owned = follow.owned();
                if (owned == null && stack.entries().size() == last.entries().size() + 1) {
                    // one entry added while the palette has none: its own look makes it the palette's (a session
                    // opened over an empty stack, the flip search's Apply of a severity), else it was added by hand
                    int added = firstDifference(stack.entries(), last.entries());
                    owned = recognise(stack.entries().get(added), added);
                }
            }
            remember(stack, owned);
        }
        last = stack;
        lastOwned = owned;
        lastRecognised = recognised;
        return owned;
    }

    private void remember(PerturbationStack stack, Owned owned) {
        for (Iterator<Seen> i = seen.iterator(); i.hasNext();) {
            PerturbationStack s = i.next().stack().get();
            if (s == null || s == stack) {
                i.remove();
            }
        }
        seen.addLast(new Seen(new WeakReference<>(stack), owned));
        while (seen.size() > REMEMBERED) {
            seen.removeFirst();
        }
    }

    /** Where the palette's entry went from one stack to the next, or UNRELATED when the change is not one edit. */
    record Follow(boolean related, Owned owned) {
        static final Follow UNRELATED = new Follow(false, null);

        static Follow to(Owned owned) {
            return new Follow(true, owned);
        }
    }

    /**
     * The palette's entry after one edit of the stack: a value changed in place, one entry added or removed, the
     * entries reordered. Anything else (a whole new stack) is UNRELATED.
     */
    static Follow follow(PerturbationStack before, Owned owned, PerturbationStack after) {
        List<StackEntry> p = before.entries();
        List<StackEntry> n = after.entries();
        int i = owned == null ? -1 : owned.index();
        if (owned != null && i >= p.size()) {
            return Follow.UNRELATED;
        }
        if (n.size() == p.size()) {
            int changed = -1;
            for (int k = 0; k < p.size(); k++) {
                if (!p.get(k).equals(n.get(k))) {
                    if (changed >= 0) {
                        changed = -2; // more than one entry differs: reordered, or unrelated
                        break;
                    }
                    changed = k;
                }
            }
            if (changed == -1) {
                return Follow.to(owned);
            }
            if (changed >= 0) { // one entry edited in place: its perturbation stays (a new one is a replacement)
                if (changed != i) {
                    return Follow.to(owned);
                }
                return p.get(i).perturbation().equals(n.get(i).perturbation()) ? Follow.to(owned) : Follow.UNRELATED;
            }
            if (!sameEntries(p, n)) {
                return Follow.UNRELATED;
            }
            if (owned == null) {
                return Follow.to(null);
            }
            int nearest = -1;
            for (int k = 0; k < n.size(); k++) { // a move: the nearest equal entry is the one moved (one step)
                if (n.get(k).equals(p.get(i)) && (nearest < 0 || Math.abs(k - i) < Math.abs(nearest - i))) {
                    nearest = k;
                }
            }
            return Follow.to(new Owned(nearest, owned.corruption()));
        }
        if (n.size() == p.size() - 1) {
            int k = firstDifference(p, n);
            if (!without(p, k).equals(n)) {
                return Follow.UNRELATED;
            }
            return owned == null || k == i ? Follow.to(null) : Follow.to(new Owned(k < i ? i - 1 : i, owned
                    .corruption()));
        }
        if (n.size() == p.size() + 1) {
            int k = firstDifference(n, p);
            if (!without(n, k).equals(p)) {
                return Follow.UNRELATED;
            }
            return owned == null ? Follow.to(null) : Follow.to(new Owned(k <= i ? i + 1 : i, owned.corruption()));
        }
        return Follow.UNRELATED;
    }

    /** The entry that looks like the palette's, the last such one, or null. */
    private Owned recognise(PerturbationStack stack) {
        List<StackEntry> entries = stack.entries();
        for (int k = entries.size() - 1; k >= 0; k--) {
            Owned owned = recognise(entries.get(k), k);
            if (owned != null) {
                return owned;
            }
        }
        return null;
    }

    /** Entry {@code index} as the palette's, if it looks like what the palette puts there. */
    private Owned recognise(StackEntry e, int index) {
        for (List<SuiteCorruption> corruptions : suites.values()) {
            for (SuiteCorruption c : corruptions) {
                if (c.perturbation().equals(e.perturbation()) && e.values().containsKey(c.severity()) && Set.of(c
                        .severity(), CorruptionsPart.SEED).containsAll(e.values().keySet())) {
                    return new Owned(index, c);
                }
            }
        }
        return null;
    }

    private static int firstDifference(List<StackEntry> longer, List<StackEntry> shorter) {
        int k = 0;
        while (k < shorter.size() && longer.get(k).equals(shorter.get(k))) {
            k++;
        }
        return k;
    }

    private static List<StackEntry> without(List<StackEntry> entries, int index) {
        List<StackEntry> rest = new ArrayList<>(entries);
        rest.remove(index);
        return rest;
    }

    /** Whether both lists hold the same entries, each as often, in any order. */
    private static boolean sameEntries(List<StackEntry> a, List<StackEntry> b) {
        List<StackEntry> rest = new ArrayList<>(b);
        for (StackEntry e : a) {
            if (!rest.remove(e)) {
                return false;
            }
        }
        return rest.isEmpty();
    }
}
