package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.PredictionsPart;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;

/**
 * Issue 16, the Perturbations view (stack editor) and the attacks, driven through the widgets: the mouse wheel over
 * value controls, every control reachable at 1024x700 and 1600x1000, angles, the lab template kept out of the Add
 * menu, attacks that say what they target and targets chosen by class name, tool tips that cover no menu.
 */
class StackEditorTest extends WorkbenchTest {
    private static final String PERTURBATIONS = ExploreViewsTest.PERTURBATIONS;
    private Point windowSize;

    @BeforeEach
    void rememberWindowSize() throws InterruptedException {
        windowSize = wb.ui(() -> shell().getSize());
    }

    @AfterEach
    void restoreWindowSize() {
        wb.ui(() -> shell().setSize(windowSize));
    }

    private Shell shell() {
        return (Shell) wb.window().getWidget();
    }

    private Composite view() {
        return (Composite) wb.part(PERTURBATIONS).getWidget();
    }

    /** Adds an entry through the "Add perturbation" menu and returns its group, once shown. */
    private Group add(String category, String name) throws InterruptedException {
        PerturbationsPart editor = wb.show(PERTURBATIONS);
        int before = wb.ui(() -> editor.entryCount());
        wb.ui(() -> RunningWorkbench.choose(addButton().getMenu(), category, name));
        wb.await("the new entry", () -> editor.entryCount() == before + 1 && groups().size() == before + 1);
        return wb.ui(() -> groups().get(before));
    }

    private Button addButton() {
        return RunningWorkbench.controls(view(), Button.class).stream().filter(b -> b.getText().startsWith(
                "Add perturbation")).findFirst().orElseThrow();
    }

    private List<Group> groups() {
        return RunningWorkbench.controls(view(), Group.class);
    }

    /** UI thread: the texts of a menu's items and of its cascades' items. */
    private static List<String> items(Menu menu) {
        List<String> texts = new ArrayList<>();
        for (MenuItem item : menu.getItems()) {
            texts.add(item.getText());
            if (item.getMenu() != null) {
                texts.addAll(items(item.getMenu()));
            }
        }
        return texts;
    }

    /**
     * A real wheel turn over a control: the X server's pointer moved onto it, then wheel clicks (buttons 4 and 5) by
     * xdotool, so that GTK's own handling of the wheel runs as when a user scrolls (SWT's Display.post has no wheel on
     * GTK, and notifyListeners would reach only SWT's listeners). Returns how many wheel events the control received.
     */
    private int wheel(Control control, int notches) throws Exception {
        AtomicInteger received = new AtomicInteger();
        wb.ui(() -> control.addListener(SWT.MouseVerticalWheel, e -> received.incrementAndGet()));
        for (int i = 0; i < Math.abs(notches); i++) {
            Point centre = wb.ui(() -> { // on screen first: the wheel scrolls the stack away from under the pointer
                shell().forceActive();
                RunningWorkbench.controls(view(), ScrolledComposite.class).get(0).showControl(control);
                Rectangle b = control.getBounds();
                return control.getParent().toDisplay(b.x + b.width / 2, b.y + b.height / 2);
            });
            int before = received.get();
            Process xdotool = new ProcessBuilder("xdotool", "mousemove", Integer.toString(centre.x),
                    Integer.toString(centre.y), "click", notches > 0 ? "4" : "5").redirectErrorStream(true).start();
            if (!xdotool.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                xdotool.destroyForcibly();
                fail("xdotool did not turn the wheel within 20 s");
            }
            String output = new String(xdotool.getInputStream().readAllBytes());
            assertEquals(0, xdotool.exitValue(), "xdotool (the xdotool package) moves the pointer and turns the "
                    + "wheel: " + output);
            wb.await("a wheel event at the control", () -> received.get() > before);
        }
        Thread.sleep(300);
        wb.ui(() -> null); // what the events did has run
        return received.get();
    }

    /** Issue 16: the wheel over a combo or slider changed it (a Shape morph target switched to Dumbbell). */
    @Test
    void theMouseWheelOverAComboOrASliderChangesNoValue() throws Exception {
        add("Morphing", "Shape morph");
        add("Image", "Gaussian noise");
        Group morph = wb.ui(() -> groups().get(0));
        Group noise = wb.ui(() -> groups().get(1));
        PerturbationStack before = wb.session().stack();
        Combo target = wb.ui(() -> RunningWorkbench.controls(morph, Combo.class).get(0));
        Scale sigma = wb.ui(() -> RunningWorkbench.controls(noise, Scale.class).get(0));
        String targetBefore = wb.ui(() -> target.getText());
        int sigmaBefore = wb.ui(() -> sigma.getSelection());
        wb.ui(() -> wb.parts().activate(wb.part(PERTURBATIONS)));
        wheel(target, -3); // toward the next choices
        wheel(sigma, 3); // toward larger values
        // (one way each: there and back would end where it began even where the wheel edits)
        assertEquals(targetBefore, wb.ui(() -> target.getText()), "the combo keeps its choice");
        assertEquals(sigmaBefore, (int) wb.ui(() -> sigma.getSelection()), "the slider keeps its position");
        assertEquals(before, wb.session().stack(), "no value changed");
        // no edit was made: undo takes back the last addition, not a wheel step
        assertTrue(wb.session().undo());
        assertEquals(1, wb.session().stack().entries().size());
        assertEquals("org.perturber.perturbation.morphing.shapeMorph", wb.session().stack().entries().get(0)
                .perturbation());
    }

    /** Issue 16: at the default window size a long label widened the column; slider, entry and buttons were off. */
    @Test
    void everyControlOfAnEntryIsReachableAt1024x700AndAt1600x1000() throws InterruptedException {
        for (Point size : List.of(new Point(1024, 700), new Point(1600, 1000))) {
            wb.reset();
            wb.ui(() -> {
                shell().setSize(size);
                shell().layout(true, true);
            });
            add("Adversarial", "PGD"); // "Step size (0: automatic)" and a list of every class
            add("Texture", "Texture scale and rotation");
            add("Lighting", "Lighting"); // "Colour temperature"
            List<String> outside = wb.ui(() -> {
                ScrolledComposite scroll = RunningWorkbench.controls(view(), ScrolledComposite.class).get(0);
                assertTrue(scroll.getHorizontalBar() == null || !scroll.getHorizontalBar().isVisible(),
                        "no horizontal scrolling");
                List<String> off = new ArrayList<>();
                for (Group group : groups()) {
                    List<Control> reachable = new ArrayList<>();
                    reachable.addAll(RunningWorkbench.controls(group, Scale.class));
                    reachable.addAll(RunningWorkbench.controls(group, Text.class));
                    reachable.addAll(RunningWorkbench.controls(group, Combo.class));
                    reachable.addAll(RunningWorkbench.controls(group, Button.class).stream().filter(b -> List.of(
                            "Sweep", "\u21ba", "\u2715").contains(b.getText())).toList());
                    assertTrue(reachable.size() >= 4, group.getText() + ": " + reachable);
                    for (Control c : reachable) {
                        // scrolled as far as the stack scrolls toward it (its top at the top when possible)
                        Rectangle bounds = new Rectangle(0, 0, c.getSize().x, c.getSize().y);
                        scroll.setOrigin(0, c.getDisplay().map(c, scroll.getContent(), bounds).y);
                        Rectangle r = c.getDisplay().map(c, scroll, bounds);
                        Rectangle area = scroll.getClientArea();
                        if (r.width <= 0 || r.x < area.x || r.y < area.y || r.x + r.width > area.x + area.width
                                || r.y + r.height > area.y + area.height) {
                            off.add(group.getText() + " " + c.getClass().getSimpleName() + " " + r + " outside "
                                    + area);
                        }
                    }
                }
                return off;
            });
            assertTrue(outside.isEmpty(), size + ": " + outside);
            // long labels wrap within the view rather than widen it
            List<String> wide = wb.ui(() -> {
                int width = view().getClientArea().width;
                List<String> beyond = new ArrayList<>();
                for (Label label : RunningWorkbench.controls(view(), Label.class)) {
                    Rectangle r = label.getDisplay().map(label, view(), new Rectangle(0, 0, label.getSize().x, label
                            .getSize().y));
                    if (r.x + r.width > width) {
                        beyond.add("'" + label.getText() + "' " + r + " beyond " + width);
                    }
                }
                return beyond;
            });
            assertTrue(wide.isEmpty(), size + ": " + wide);
        }
    }

    /** Issue 16: "454 degrees"; an angle over one full turn wraps around in the entry and in the scene. */
    @Test
    void anAngleTypedBeyondItsRangeWrapsAroundAndTheTurnedCameraStaysInRange() throws Exception {
        Group camera = add("Camera", "Camera");
        Text azimuth = wb.ui(() -> RunningWorkbench.controls(camera, Text.class).get(0));
        assertTrue(wb.ui(() -> RunningWorkbench.controls(camera, Label.class).stream().anyMatch(l -> l.getText()
                .equals("Azimuth (\u00b0)"))), "the unit is in the label");
        wb.ui(() -> {
            azimuth.setText("454");
            azimuth.notifyListeners(SWT.FocusOut, new Event());
        });
        double value = ((Number) wb.session().stack().entries().get(0).values().get("azimuth")).doubleValue();
        assertEquals(94, value, 1e-9, "454 degrees is a turn and 94 (it was clamped to 180)");
        assertEquals(94, Double.parseDouble(wb.ui(() -> azimuth.getText())), 1e-9);
        // turned by 94 from the scene's own 300: the camera reads 34, not 394
        wb.session().setScene(wb.session().scene().withCamera(wb.session().scene().camera().withOrbit(300, 20, 3)));
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        double turned = new StackApplier(registry).applySceneStage(wb.session().stack(), wb.session().scene())
                .camera().azimuthDegrees();
        assertEquals(34, turned, 1e-9);
    }

    /** Issue 16: the lab template "Fog" was in the product's Add menu. */
    @Test
    void theAddMenuListsTheProductsPerturbationsAndNotTheLabTemplate() throws InterruptedException {
        wb.show(PERTURBATIONS);
        List<String> items = wb.ui(() -> items(addButton().getMenu()));
        // the product has its own Fog now (ImageNet-C's): one item, and the template's contribution is not loaded
        assertEquals(1, items.stream().filter(t -> t.startsWith("Fog")).count(), "" + items);
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        assertTrue(registry.perturbations().stream().noneMatch(c -> c.id().startsWith("org.mylab.")), ""
                + registry.perturbations().stream().map(c -> c.id()).toList());
        for (String real : List.of("Gaussian noise", "Fade to black", "PGD", "FGSM", "Camera", "Shape morph")) {
            assertTrue(items.contains(real), real + " in " + items);
        }
    }

    /** Issue 16: tool tips stayed up over the menu the Add button opens (and would over a file dialog). */
    @Test
    void buttonsThatOpenAMenuOrADialogHaveNoToolTip() throws InterruptedException {
        wb.show(PERTURBATIONS);
        assertNull(wb.ui(() -> addButton().getToolTipText()), "the Add button opens a menu");
        Group background = add("Background", "Background"); // a colour and an image file
        List<String> tips = wb.ui(() -> RunningWorkbench.controls(background, Button.class).stream().filter(b -> b
                .getText().startsWith("#") || b.getText().startsWith("Choose file")).map(b -> b.getText() + ": "
                        + b.getToolTipText()).toList());
        assertFalse(tips.isEmpty(), "the colour and file buttons");
        assertTrue(tips.stream().allMatch(t -> t.endsWith(": null")), "" + tips);
    }

    /** Issue 16: untargeted PGD attacked the current top-1 without saying so; targets were integer indices. */
    @Test
    void anAttackSaysWhatItTargetsAndATargetIsChosenByName() throws Exception {
        Group pgd = add("Adversarial", "PGD");
        assertEquals(List.of("Untargeted: away from 'mug' (true class)"), wb.ui(() -> targetLines(pgd)));
        Text epsilon = wb.ui(() -> RunningWorkbench.controls(pgd, Text.class).get(0));
        wb.ui(() -> {
            epsilon.setText("0.03");
            epsilon.notifyListeners(SWT.FocusOut, new Event());
        });
        Combo target = wb.ui(() -> RunningWorkbench.controls(pgd, Combo.class).stream().filter(c -> List.of(c
                .getItems()).contains(PerturbationsPart.UNTARGETED)).findFirst().orElseThrow());
        assertEquals(PerturbationsPart.UNTARGETED, wb.ui(() -> target.getText()));
        wb.ui(() -> {
            target.select(List.of(target.getItems()).indexOf("teapot"));
            target.notifyListeners(SWT.Selection, new Event());
        });
        assertEquals("teapot", wb.session().stack().entries().get(0).values().get("target"));
        wb.await("the target line", () -> !groups().isEmpty() && targetLines(groups().get(0)).equals(List.of(
                "Targeted: toward 'teapot'")));
        PredictionsPart predictions = ExploreViewsTest.predictionsOfCurrentState(wb);
        String top = wb.ui(() -> predictions.panels().get(0).bars().get(0).label());
        assertEquals("teapot", top, "PGD toward teapot at 0.03");
        Path file = Files.createTempFile("target", ".perturber");
        SessionFile.write(file, wb.session().scene(), wb.session().stack(), wb.session().models());
        assertTrue(Files.readString(file).contains("\"target\": \"teapot\""), Files.readString(file));
        // a session saved when targets were indices still loads: 10 is the standard model's teapot
        Files.writeString(file, Files.readString(file).replace("\"target\": \"teapot\"", "\"target\": 10"));
        wb.session().setStack(SessionFile.read(file).stack());
        wb.await("the old session's entry", () -> !groups().isEmpty() && RunningWorkbench.controls(groups().get(0),
                Combo.class).stream().anyMatch(c -> c.getText().equals("teapot")) && targetLines(groups().get(0))
                        .equals(List.of("Targeted: toward 'teapot'")));
    }

    /** UI thread: the lines of an attack's entry that say what it targets. */
    private static List<String> targetLines(Group group) {
        return RunningWorkbench.controls(group, Label.class).stream().filter(l -> l.getData(
                PerturbationsPart.TARGET_LINE) != null).map(Label::getText).toList();
    }
}
