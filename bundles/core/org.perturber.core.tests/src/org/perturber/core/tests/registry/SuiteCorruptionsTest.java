package org.perturber.core.tests.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.service.Services;

/**
 * The {@code <corruption>} declarations of this bundle's test perturbations (suite "core-test"): read in rank order,
 * with defaults; bad ones (no severity, levels out of range, a repeated name, one on a duplicate perturbation id)
 * are left out while the others stay.
 */
class SuiteCorruptionsTest {
    private static final ContributionRegistry REGISTRY = Services.await(ContributionRegistry.class, Duration
            .ofSeconds(20));
    private static final String T = "org.perturber.core.tests.";

    private static List<SuiteCorruption> suite() {
        return REGISTRY.corruptions("core-test");
    }

    @Test
    void theGoodDeclarationsComeInRankOrderAndTheBadOnesAreLeftOut() {
        assertEquals(List.of("missing", "inverted", "extraOne"), suite().stream().map(SuiteCorruption::name)
                .toList());
    }

    @Test
    void aDeclarationCarriesItsPerturbationParameterAndAttributes() {
        SuiteCorruption inverted = suite().get(1);
        assertEquals(new SuiteCorruption("core-test", "inverted", "Inverted", "colour", T + "invert", "amount", 5,
                true, 2, "org.perturber.core.tests"), inverted);
    }

    @Test
    void absentAttributesTakeTheirDefaults() {
        SuiteCorruption extra = suite().get(2);
        assertEquals("extraOne", extra.label(), "the name stands for a missing label");
        assertEquals("", extra.group());
        assertEquals(3, extra.levels());
        assertFalse(extra.inMean());
        assertEquals(Integer.MAX_VALUE, extra.rank(), "unranked ones come last");
        assertTrue(suite().get(0).inMean(), "in the mean unless declared otherwise");
    }

    @Test
    void aRepeatedNameKeepsTheFirstDeclarationInBundleAndIdOrder() {
        // nan also declares "inverted" (rank 3): invert's comes first by id, so it is the one kept
        assertEquals(T + "invert", suite().stream().filter(c -> c.name().equals("inverted")).findFirst()
                .orElseThrow().perturbation());
    }

    @Test
    void aPerturbationWhoseClassIsMissingStillListsItsCorruption() {
        // the declaration is sound; creating the class fails later, and users of the suite show that failure
        assertEquals(T + "missingClass", suite().get(0).perturbation());
    }

    @Test
    void suitesAreKeptApart() {
        assertEquals(List.of("inverted"), REGISTRY.corruptions("another-suite").stream().map(
                SuiteCorruption::name).toList());
        assertEquals(List.of(), REGISTRY.corruptions("no-such-suite"));
    }
}
