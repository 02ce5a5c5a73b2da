package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.eclipse.e4.ui.bindings.keys.KeyBindingDispatcher;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Scale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.perturber.app.SessionOpener;
import org.perturber.app.parts.CorruptionsPart;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;

/**
 * Issue 21 in the workbench: the Corruptions view puts each ImageNet-C corruption into the stack with one click,
 * manages that one entry (another click replaces it, the slider and the steps set its severity, None removes it,
 * Ctrl+Z takes a click back) and leaves entries added by hand alone; it follows the stack when it changes elsewhere
 * (undo, the stack editor, an opened session); a corruption whose perturbation cannot be loaded has its button off
 * with the reason. Driven through the view's buttons and slider, as a user does.
 */
class CorruptionsViewTest extends WorkbenchTest {
    private static final String NOISE = "org.perturber.perturbation.image.gaussianNoise";
    private static final String BLUR = "org.perturber.perturbation.image.gaussianBlur";
    private static final String PIXELATE = "org.perturber.perturbation.image.pixelate";
    private static final String JPEG = "org.perturber.perturbation.image.jpegCompression";
    private static final String BRIGHTNESS_CONTRAST = "org.perturber.perturbation.image.brightnessContrast";
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";
    /** A suite only this test's lab bundle declares: one corruption that works, one whose class is missing. */
    private static final String EXPLORE = "org.perturber.app.perspective.explore";
    private static final String COMPARE = "org.perturber.app.perspective.compare";
    private static final String SWEEPS = "org.perturber.app.part.sweeps";
    private static final String LAB_SUITE = "imagenet-c-test";
    private static final String LAB_BUNDLE = "org.perturber.app.tests.labcorruptions";

    private CorruptionsPart view;

    @AfterEach
    void imagenetC() throws InterruptedException {
        if (view != null && !SuiteCorruption.IMAGENET_C.equals(wb.ui(view::suite))) {
            wb.ui(() -> view.showSuite(SuiteCorruption.IMAGENET_C));
            awaitButtons("gaussian_noise");
        }
    }

    /**
     * Opens the Corruptions view (its tab in the Explore perspective) once its buttons are made, at severity 3 and
     * seed 0 (the view keeps what the test before set, as it does for a user).
     */
    private CorruptionsPart palette() throws InterruptedException {
        view = wb.show(CorruptionsPart.ID);
        awaitButtons("gaussian_noise");
        wb.ui(() -> {
            RunningWorkbench.click(view.step(3));
            view.seed().setSelection(0);
            view.seed().notifyListeners(SWT.Selection, new Event());
        });
        return view;
    }

    private void awaitButtons(String name) throws InterruptedException {
        wb.await("the corruptions' buttons", () -> view.reading() == null && view.button(name) != null);
    }

    /** UI thread: a click on a toggle button as GTK makes it: its state flips, then its listeners run. */
    private static void press(Button button) {
        if ((button.getStyle() & SWT.TOGGLE) != 0) {
            button.setSelection(!button.getSelection());
        }
        RunningWorkbench.click(button);
    }

    private void click(String corruption) {
        wb.ui(() -> {
            Button b = view.button(corruption);
            assertNotNull(b, "a button for " + corruption);
            assertTrue(b.isEnabled(), corruption + " can be used: " + b.getToolTipText());
            press(b);
        });
    }

    /** The corruptions whose buttons are down (and None when it is). */
    private List<String> selected() {
        return wb.ui(view::chosen);
    }

    private List<StackEntry> entries() {
        return wb.session().stack().entries();
    }

    private double sliderSeverity() {
        return wb.ui(() -> view.slider().getSelection() / 100.0);
    }

    /** Ctrl+Z through the workbench's key bindings, as pressed over the view. */
    private void ctrlZ() {
        wb.ui(() -> {
            KeyBindingDispatcher dispatcher = (KeyBindingDispatcher) wb.application().getContext().get(
                    KeyBindingDispatcher.class.getName());
            Event key = new Event();
            key.type = SWT.KeyDown;
            key.widget = view.slider();
            key.display = wb.display();
            key.keyCode = 'z';
            key.character = (char) ('z' & 0x1f);
            key.stateMask = SWT.MOD1;
            dispatcher.getKeyDownFilter().handleEvent(key);
        });
    }

    private static StackEntry noiseAt(double severity) {
        return StackEntry.of(NOISE).with("severity", severity).with("seed", 0.0);
    }

    @Test
    void aClickPutsTheCorruptionIntoTheStackAtTheSeverityAndAnotherClickReplacesIt() throws Exception {
        palette();
        assertEquals(List.of(CorruptionsPart.NONE), selected(), "nothing chosen yet");
        wb.ui(() -> RunningWorkbench.click(view.step(3)));
        assertEquals(List.of(), entries(), "a severity alone adds nothing");
        click("gaussian_noise");
        assertEquals(List.of(noiseAt(3)), entries(), "one entry, severity 3, the seed field's seed");
        assertEquals(List.of("gaussian_noise"), selected());
        readmeScreenshot();
        PerturbationsPart editor = wb.show(ExploreViewsTest.PERTURBATIONS);
        wb.await("the stack editor showing the entry", () -> editor.entryCount() == 1);
        Scale editorSeverity = wb.ui(() -> {
            List<Scale> scales = RunningWorkbench.controls((Control) wb.part(ExploreViewsTest.PERTURBATIONS)
                    .getWidget(), Scale.class);
            return scales.get(scales.size() - 1); // Gaussian noise: deviation, then severity
        });
        assertEquals(600, wb.ui(editorSeverity::getSelection), "the stack's own slider at 3 of 5");

        wb.show(CorruptionsPart.ID);
        click("pixelate");
        assertEquals(List.of(StackEntry.of(PIXELATE).with("severity", 3.0)), entries(), "replaced, not added");
        assertEquals(List.of("pixelate"), selected());
        // brightness and contrast are one perturbation: each click sets its own parameter, never both
        click("brightness");
        assertEquals(List.of(StackEntry.of(BRIGHTNESS_CONTRAST).with("brightnessSeverity", 3.0)), entries());
        click("contrast");
        assertEquals(List.of(StackEntry.of(BRIGHTNESS_CONTRAST).with("contrastSeverity", 3.0)), entries());
        assertEquals(List.of("contrast"), selected());
        assertTrue(wb.ui(view::says).startsWith("Contrast at severity 3.00: entry 1 of 1"), wb.ui(view::says));
    }

    @Test
    void theStepsTheSliderAndATypedValueSetTheEntrysSeverityLive() throws InterruptedException {
        palette();
        click("gaussian_blur");
        wb.ui(() -> RunningWorkbench.click(view.step(1)));
        assertEquals(List.of(StackEntry.of(BLUR).with("severity", 1.0)), entries(), "step 1");
        wb.ui(() -> RunningWorkbench.click(view.step(5)));
        assertEquals(5.0, entries().get(0).values().get("severity"), "step 5");
        wb.ui(() -> RunningWorkbench.slide(view.slider(), 237));
        assertEquals(List.of(StackEntry.of(BLUR).with("severity", 2.37)), entries(), "a fine step of the slider");
        assertEquals("2.37", wb.ui(() -> view.severityText().getText()));
        wb.ui(() -> {
            view.severityText().setText("4.5");
            view.severityText().notifyListeners(SWT.DefaultSelection, new Event());
        });
        assertEquals(4.5, entries().get(0).values().get("severity"), "typed, Enter");
        assertEquals(450, wb.ui(() -> view.slider().getSelection()));
        wb.ui(() -> {
            view.severityText().setText("9");
            view.severityText().notifyListeners(SWT.DefaultSelection, new Event());
        });
        assertEquals(5.0, entries().get(0).values().get("severity"), "clamped to the suite's 5");
        assertEquals(1, entries().size());
    }

    @Test
    void theSeedFieldSetsTheSeedOfSeededCorruptionsOnly() throws InterruptedException {
        palette();
        click("gaussian_noise");
        wb.ui(() -> {
            view.seed().setSelection(7);
            view.seed().notifyListeners(SWT.Selection, new Event());
        });
        assertEquals(List.of(StackEntry.of(NOISE).with("severity", 3.0).with("seed", 7.0)), entries());
        click("pixelate");
        assertEquals(List.of(StackEntry.of(PIXELATE).with("severity", 3.0)), entries(), "pixelate draws no numbers");
        assertFalse(wb.ui(() -> view.seed().isEnabled()), "no seed to set for pixelate");
        click("gaussian_noise");
        assertEquals(List.of(StackEntry.of(NOISE).with("severity", 3.0).with("seed", 7.0)), entries(),
                "the seed field's seed for the next seeded click");
        assertTrue(wb.ui(() -> view.seed().isEnabled()));
    }

    @Test
    void ctrlZTakesAClickBackAndTheViewFollows() throws InterruptedException {
        palette();
        click("gaussian_noise");
        click("pixelate");
        assertEquals(List.of(StackEntry.of(PIXELATE).with("severity", 3.0)), entries());
        ctrlZ();
        assertEquals(List.of(noiseAt(3)), entries(), "the stack before the second click");
        wb.await("the view following the undo", () -> selected().equals(List.of("gaussian_noise")));
        // a drag is one edit: undo puts the severity before it back, and the slider follows
        wb.ui(() -> {
            RunningWorkbench.slide(view.slider(), 350);
            RunningWorkbench.slide(view.slider(), 400);
            RunningWorkbench.slide(view.slider(), 450);
        });
        assertEquals(List.of(noiseAt(4.5)), entries());
        ctrlZ();
        assertEquals(List.of(noiseAt(3)), entries(), "the whole drag undone");
        wb.await("the slider back at 3", () -> view.slider().getSelection() == 300 && view.severityText().getText()
                .equals("3.00"));
        ctrlZ();
        assertEquals(List.of(), entries(), "the first click undone");
        wb.await("None chosen", () -> selected().equals(List.of(CorruptionsPart.NONE)));
        wb.ui(wb.session()::redo);
        wb.await("the redone click shown", () -> selected().equals(List.of("gaussian_noise")));
        // the palette still manages the redone entry: the next click replaces it
        click("jpeg_compression");
        assertEquals(List.of(StackEntry.of(JPEG).with("severity", 3.0)), entries());
    }

    @Test
    void anEntryAddedByHandIsLeftAloneAndNoneRemovesOnlyThePalettes() throws InterruptedException {
        Scale handSigma = ExploreViewsTest.addFromMenu(wb, "Image", "Gaussian noise");
        assertNotNull(handSigma);
        StackEntry hand = entries().get(0);
        palette();
        assertEquals(List.of(CorruptionsPart.NONE), selected(), "the hand-added entry is not the palette's");
        click("gaussian_noise");
        assertEquals(List.of(hand, noiseAt(3)), entries(), "added beside the hand-added one of the same perturbation");
        click("pixelate");
        assertEquals(List.of(hand, StackEntry.of(PIXELATE).with("severity", 3.0)), entries());
        // the stack editor moves the palette's entry up: the palette follows it there
        PerturbationsPart editor = wb.show(ExploreViewsTest.PERTURBATIONS);
        wb.await("two entries", () -> editor.entryCount() == 2);
        wb.ui(() -> {
            List<Group> groups = RunningWorkbench.controls((Control) wb.part(ExploreViewsTest.PERTURBATIONS)
                    .getWidget(), Group.class);
            RunningWorkbench.click(RunningWorkbench.controls(groups.get(1), Button.class).stream().filter(b -> "Move up"
                    .equals(b.getToolTipText())).findFirst().orElseThrow());
        });
        assertEquals(List.of(StackEntry.of(PIXELATE).with("severity", 3.0), hand), entries());
        wb.show(CorruptionsPart.ID);
        wb.ui(() -> RunningWorkbench.slide(view.slider(), 120));
        assertEquals(List.of(StackEntry.of(PIXELATE).with("severity", 1.2), hand), entries(),
                "the palette's entry changed where it is now");
        wb.ui(() -> press(view.noneButton()));
        assertEquals(List.of(hand), entries(), "None removes the palette's entry only");
        assertEquals(List.of(CorruptionsPart.NONE), selected());
        click("gaussian_blur");
        assertEquals(List.of(hand, StackEntry.of(BLUR).with("severity", 1.2)), entries(),
                "a new entry at the slider's severity");
    }

    @Test
    void theViewFollowsTheStackEditorAndAnOpenedSession(@TempDir Path dir) throws Exception {
        palette();
        click("gaussian_noise");
        // the stack editor's own severity slider: the palette's slider follows
        wb.show(ExploreViewsTest.PERTURBATIONS);
        wb.ui(() -> {
            List<Scale> scales = RunningWorkbench.controls((Control) wb.part(ExploreViewsTest.PERTURBATIONS)
                    .getWidget(), Scale.class);
            RunningWorkbench.slide(scales.get(scales.size() - 1), 800);
        });
        assertEquals(List.of(noiseAt(4)), entries());
        wb.await("the palette's slider at 4", () -> view.slider().getSelection() == 400);
        // the user removes the entry in the stack editor: None
        wb.ui(() -> {
            List<Group> groups = RunningWorkbench.controls((Control) wb.part(ExploreViewsTest.PERTURBATIONS)
                    .getWidget(), Group.class);
            RunningWorkbench.click(RunningWorkbench.controls(groups.get(0), Button.class).stream().filter(b -> "Remove"
                    .equals(b.getToolTipText())).findFirst().orElseThrow());
        });
        assertEquals(List.of(), entries());
        wb.await("None chosen", () -> selected().equals(List.of(CorruptionsPart.NONE)));

        // a session opened as File > Open session does (read in a Job, applied whole): a fade added by hand and
        // JPEG at severity 2 as the palette puts it
        Path file = dir.resolve("jpeg.perturber-session.json");
        PerturbationStack saved = PerturbationStack.EMPTY.add(StackEntry.of(FADE).with("amount", 0.2)).add(StackEntry
                .of(JPEG).with("severity", 2.0));
        List<String> models = wb.session().models().stream().map(m -> m.key()).toList();
        SessionFile.write(file, wb.session().scene(), saved, wb.session().models());
        wb.ui(() -> SessionOpener.read(file, wb.display()::asyncExec, (contents, outside) -> SessionOpener.apply(
                contents, wb.session(), null), (problem, cause) -> fail(problem)));
        wb.await("the opened session's stack", () -> wb.session().stack().equals(saved));
        wb.await("JPEG chosen at severity 2", () -> selected().equals(List.of("jpeg_compression")) && view.slider()
                .getSelection() == 200);
        wb.ui(() -> RunningWorkbench.click(view.step(4)));
        assertEquals(List.of(StackEntry.of(FADE).with("amount", 0.2), StackEntry.of(JPEG).with("severity", 4.0)),
                entries(), "the opened session's JPEG entry is the palette's; the fade is left alone");
        // the session's models load again in a Job: the next test starts once they are in
        wb.await("the session's models loaded anew", () -> !wb.session().models().isEmpty() && !wb.session()
                .models().stream().map(m -> m.key()).toList().equals(models));
    }

    @Test
    void thePalettesOfBothPerspectivesManageTheSameEntry() throws Exception {
        CorruptionsPart explore = palette();
        click("pixelate");
        wb.ui(() -> wb.parts().switchPerspective(COMPARE));
        wb.ui(() -> wb.parts().showPart(CorruptionsPart.ID, org.eclipse.e4.ui.workbench.modeling.EPartService
                .PartState.ACTIVATE));
        wb.await("Compare's Corruptions view", () -> wb.partIn(COMPARE, CorruptionsPart.ID) != null);
        view = wb.ui(() -> (CorruptionsPart) wb.partIn(COMPARE, CorruptionsPart.ID).getObject());
        assertTrue(view != explore, "a view of its own in Compare");
        awaitButtons("pixelate");
        assertEquals(List.of("pixelate"), selected(), "Explore's click shown in Compare");
        assertEquals(3.0, sliderSeverity());
        click("jpeg_compression");
        assertEquals(List.of(StackEntry.of(JPEG).with("severity", 3.0)), entries(), "replaced from Compare");
        wb.ui(() -> wb.parts().switchPerspective(EXPLORE));
        view = explore;
        wb.await("Explore's view following", () -> selected().equals(List.of("jpeg_compression")));
        click("contrast");
        assertEquals(List.of(StackEntry.of(BRIGHTNESS_CONTRAST).with("contrastSeverity", 3.0)), entries());
    }

    @Test
    void theCurrentPredictionFollowsAClick() throws InterruptedException {
        palette();
        PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
        double clean = wb.ui(() -> ExploreViewsTest.mug(predictions.panels().get(0)));
        assertTrue(clean > 0.5, "the clean scene is a mug: " + clean);
        wb.show(CorruptionsPart.ID);
        wb.ui(() -> RunningWorkbench.click(view.step(5)));
        click("gaussian_noise");
        ExploreViewsTest.predictionsOfCurrentState(wb);
        double noisy = wb.ui(() -> ExploreViewsTest.mug(predictions.panels().get(0)));
        assertTrue(noisy < clean - 0.2, "severity 5 noise lowers the mug's probability: " + clean + " -> " + noisy);
        wb.show(CorruptionsPart.ID);
        wb.ui(() -> press(view.noneButton()));
        assertEquals(List.of(), entries());
        ExploreViewsTest.predictionsOfCurrentState(wb);
        assertEquals(clean, wb.ui(() -> ExploreViewsTest.mug(predictions.panels().get(0))), 1e-6, "clean again");
    }

    @Test
    void everyCorruptionOfTheSuiteHasItsButtonOnExactlyWhenItsPerturbationLoads() throws InterruptedException {
        palette();
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        List<SuiteCorruption> suite = registry.corruptions(SuiteCorruption.IMAGENET_C);
        assertEquals(19, suite.size());
        for (SuiteCorruption c : suite) {
            Contribution<Perturbation> contribution = registry.perturbation(c.perturbation()).orElseThrow();
            boolean loads = contribution.instance().isPresent();
            Button b = wb.ui(() -> view.button(c.name()));
            assertNotNull(b, "a button for " + c.name());
            assertEquals(loads, wb.ui(b::isEnabled), c.name() + "'s button on exactly when it loads");
            String tip = wb.ui(b::getToolTipText);
            if (loads) {
                assertEquals(!c.inMean(), tip.contains("Not counted in the mean corruption error"), c.name() + ": "
                        + tip);
            } else {
                assertEquals(contribution.failure().orElseThrow(), tip, "the reason in its tool tip");
            }
        }
        assertEquals(4, suite.stream().filter(c -> !c.inMean()).count(), "ImageNet-C's extra corruptions");
        assertEquals(List.of("gaussian_noise", "shot_noise", "impulse_noise"), suite.stream().filter(c -> c.group()
                .equals("noise")).map(SuiteCorruption::name).toList());
    }

    @Test
    void aCorruptionWhosePerturbationCannotBeLoadedHasItsButtonOffWithTheReason() throws Exception {
        palette();
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        Bundle lab = FrameworkUtil.getBundle(getClass()).getBundleContext().installBundle("test:" + LAB_BUNDLE,
                new ByteArrayInputStream(labBundle()));
        try {
            lab.start(); // resolved: the extension registry reads its plugin.xml
            long deadline = System.nanoTime() + RunningWorkbench.TIMEOUT.toNanos();
            while (registry.corruptions(LAB_SUITE).size() < 2) {
                if (System.nanoTime() > deadline) {
                    fail("the lab bundle's corruptions were not registered: " + registry.corruptions(LAB_SUITE));
                }
                Thread.sleep(50);
            }
            wb.ui(() -> view.showSuite(LAB_SUITE));
            awaitButtons("lab_missing");
            Button missing = wb.ui(() -> view.button("lab_missing"));
            Button works = wb.ui(() -> view.button("lab_noise"));
            assertNull(wb.ui(() -> view.button("gaussian_noise")), "only the suite shown");
            assertFalse(wb.ui(missing::isEnabled), "the missing class's button is off");
            String tip = wb.ui(missing::getToolTipText);
            assertTrue(tip.contains(LAB_BUNDLE) && tip.contains("class not found") && tip.contains("NoSuchNoise"),
                    tip);
            assertTrue(wb.ui(works::isEnabled), wb.ui(works::getToolTipText));
            assertTrue(wb.ui(view::says).contains("1 of 2 cannot be used"), wb.ui(view::says));
            wb.ui(() -> press(missing)); // as a click that reached it would: nothing happens
            assertEquals(List.of(), entries());
            click("lab_noise");
            assertEquals(List.of(StackEntry.of("org.perturber.app.tests.lab.noise").with("severity", 3.0).with("seed",
                    0.0)), entries(), "the lab's working corruption beside it");
        } finally {
            lab.uninstall();
        }
        // gone for the tests after this one (the Contributions view lists no failed contribution)
        long deadline = System.nanoTime() + RunningWorkbench.TIMEOUT.toNanos();
        while (!registry.corruptions(LAB_SUITE).isEmpty() || registry.perturbation("org.perturber.app.tests.lab"
                + ".missing").isPresent()) {
            if (System.nanoTime() > deadline) {
                fail("the lab bundle's contributions stayed after it was uninstalled");
            }
            Thread.sleep(50);
        }
    }

    /**
     * A lab's plugin as a jar: a suite of two corruptions, one a perturbation that works (the image bundle's Gaussian
     * noise under the lab's own id), one whose class does not exist. Installed only for one test: a failed
     * contribution in the test bundle itself would be listed by every other test.
     */
    private static byte[] labBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", LAB_BUNDLE + ";singleton:=true");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Require-Bundle", "org.perturber.core,org.perturber.perturbation.image");
        String pluginXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <?eclipse version="3.4"?>
                <plugin>
                   <extension point="org.perturber.core.perturbations">
                      <perturbation id="org.perturber.app.tests.lab.noise" name="Lab noise (test)" category="image"
                            class="org.perturber.perturbation.image.GaussianNoise">
                         <corruption suite="imagenet-c-test" name="lab_noise" label="Lab noise" group="noise"
                               severity="severity" rank="1"/>
                      </perturbation>
                      <perturbation id="org.perturber.app.tests.lab.missing" name="Missing class (test)"
                            category="image" class="org.perturber.app.tests.lab.NoSuchNoise">
                         <corruption suite="imagenet-c-test" name="lab_missing" label="Missing" group="extra"
                               severity="severity" rank="2" inMean="false"/>
                      </perturbation>
                   </extension>
                </plugin>
                """;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("plugin.xml"));
            jar.write(pluginXml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * With -Dperturber.screenshots=DIR only: the README's picture, the view as a user opens it with Gaussian noise
     * clicked at severity 3 and the prediction of that stack on screen.
     */
    /**
     * "Run ImageNet-C...": with the standard model active, a click runs the suite in the Sweeps view (shown and
     * active) around the session's stack without the palette's corruption (a hand-added entry stays), normalised by
     * standard; Stop there ends it. With no model active the button is off and says why.
     */
    @Test
    void runImageNetCStartsTheSuiteInTheSweepsViewWithoutThePalettesEntry(@TempDir Path folder) throws Exception {
        org.eclipse.core.runtime.preferences.IEclipsePreferences preferences = org.perturber.app.WorkbenchPreferences
                .node();
        // a fresh folder: a finished run of the same sweep in the workspace would resume as done at once
        preferences.put(org.perturber.app.WorkbenchPreferences.SWEEP_OUTPUT_FOLDER, folder.toString());
        try {
            palette();
            StackEntry byHand = StackEntry.of(FADE).with("amount", 0.2);
            wb.ui(() -> wb.session().setStack(PerturbationStack.EMPTY.add(byHand)));
            click("pixelate");
            assertEquals(List.of(byHand, StackEntry.of(PIXELATE).with("severity", 3.0)), entries());
            Button run = wb.ui(view::runSuiteButton);
            assertEquals("Run ImageNet-C...", wb.ui(run::getText));
            assertTrue(wb.ui(run::isEnabled), wb.ui(run::getToolTipText));
            assertTrue(wb.ui(run::getToolTipText).contains("normalised by standard"), wb.ui(run::getToolTipText));
            suiteScreenshot();
            wb.ui(() -> RunningWorkbench.click(run));

            wb.await("the Sweeps view", () -> wb.part(SWEEPS) != null && wb.part(SWEEPS).getObject() != null);
            org.perturber.app.parts.SweepPart sweeps = wb.ui(() -> (org.perturber.app.parts.SweepPart) wb.part(SWEEPS)
                    .getObject());
            assertTrue(wb.ui(() -> wb.parts().getActivePart() == wb.part(SWEEPS)), "the Sweeps view is active");
            wb.await("the suite's spec", () -> sweeps.running() != null);
            org.perturber.sweep.SweepSpec spec = sweeps.running();
            assertEquals(SuiteCorruption.IMAGENET_C, spec.design().suite().name());
            assertEquals("standard", spec.design().suite().baseline());
            assertEquals(List.of(byHand), spec.stack().entries(), "the stack without the palette's pixelate");
            assertEquals(4, spec.views());
            assertTrue(spec.output().startsWith(folder), "under the sweep folder: " + spec.output());
            assertEquals(List.of(byHand, StackEntry.of(PIXELATE).with("severity", 3.0)), entries(),
                    "the session's stack is left as it was");

            Control root = wb.ui(() -> (Control) wb.part(SWEEPS).getWidget());
            // the view's own Stop (the busy marker over it has another)
            Button stop = wb.ui(() -> {
                List<Button> all = RunningWorkbench.controls(root, Button.class);
                Button runSweep = all.stream().filter(b -> b.getText().equals("Run")).findFirst().orElseThrow();
                return all.stream().filter(b -> b.getText().equals("Stop") && b.getParent() == runSweep.getParent())
                        .findFirst().orElseThrow();
            });
            wb.await("the sweep running", () -> sweeps.status().startsWith("Sweep " + SuiteCorruption.IMAGENET_C
                    + ":"));
            assertTrue(wb.ui(stop::isEnabled), "Stop while the suite runs");
            wb.ui(() -> RunningWorkbench.click(stop));
            // the runner looks at Stop between chunks of samples: the chunk under way ends first
            wb.await("the sweep stopped", () -> sweeps.status().equals("Sweep " + SuiteCorruption.IMAGENET_C
                    + " stopped; Run resumes it"));
            wb.await("Stop off once stopped", () -> !stop.isEnabled());
            assertFalse(java.nio.file.Files.exists(spec.output().resolve("corruption-errors.csv")),
                    "no corruption errors of a stopped run");

            LoadedModel standard = wb.session().models().get(0);
            try {
                wb.session().removeModel(standard);
                wb.await("the button off without a model", () -> !wb.ui(run::isEnabled));
                assertTrue(wb.ui(run::getToolTipText).startsWith("No model is active"), wb.ui(run::getToolTipText));
            } finally {
                wb.session().addModel(standard);
            }
            wb.await("the button on again with the model", () -> wb.ui(run::isEnabled));
        } finally {
            preferences.remove(org.perturber.app.WorkbenchPreferences.SWEEP_OUTPUT_FOLDER);
            preferences.flush();
        }
    }

    /** The Corruptions view with its suite button, for the README (only with -Dperturber.screenshots). */
    private void suiteScreenshot() throws Exception {
        if (!Screenshots.enabled()) {
            return;
        }
        wb.show(CorruptionsPart.ID);
        RunningWorkbench.pointer(1270, 1010); // no tool tip in the picture
        Screenshots.take("corruptions-run", wb.ui(() -> ((org.eclipse.swt.widgets.Shell) wb.window().getWidget())
                .getBounds()));
    }

    private void readmeScreenshot() throws Exception {
        if (!Screenshots.enabled()) {
            return;
        }
        // each step on the robustness curve: the mug's probability against the noise's severity
        for (int level : new int[] { 1, 2, 4, 5, 3 }) {
            wb.ui(() -> RunningWorkbench.click(view.step(level)));
            PredictionsPart shown = ExploreViewsTest.predictionsOfCurrentState(wb);
            System.out.printf("README screenshot: Gaussian noise at severity %d: P(mug) %.3f, top-1 %s%n", level, wb
                    .ui(() -> ExploreViewsTest.mug(shown.panels().get(0))), wb.ui(() -> shown.panels().get(0).bars()
                            .get(0).label()));
        }
        wb.show(CorruptionsPart.ID);
        RunningWorkbench.pointer(1270, 1010); // no tool tip in the picture
        Screenshots.take("corruptions", wb.ui(() -> ((org.eclipse.swt.widgets.Shell) wb.window().getWidget())
                .getBounds()));
    }
}
