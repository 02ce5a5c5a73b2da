package org.perturber.app.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.perturber.app.BuiltinModels;
import org.perturber.app.ProblemLog;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.perturbation.TimeBudgets;

/**
 * Window > Preferences: where models run, how many classes the Predictions view lists, where sweeps write their
 * results and the Spark master they run on (if any), how long a perturbation's call may take and which built-in
 * models load at start, kept in the instance preferences ({@link WorkbenchPreferences}). OK saves them; Cancel leaves them as they were.
 */
public class PreferencesDialog extends Dialog {
    public static final String TITLE = "Preferences";

    private final String devices;
    private final ProblemLog problems;
    private Combo device;
    private Spinner topK;
    private Text sweepFolder;
    /** Tenths of a second. */
    private Spinner timeBudget;
    private Spinner attackTimeBudget;
    private Text sparkMaster;
    private Label sparkProblem;
    private Combo sparkInputs;
    private final List<Button> models = new ArrayList<>();

    /**
     * @param devices what the engines report (the device each runs on), shown beside the choice
     */
    public PreferencesDialog(Shell parent, String devices, ProblemLog problems) {
        super(parent);
        this.devices = devices;
        this.problems = problems;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));

        Group inference = group(area, "Inference");
        label(inference, "Device:");
        device = new Combo(inference, SWT.READ_ONLY);
        device.setItems(WorkbenchPreferences.DEVICES.toArray(String[]::new));
        device.select(WorkbenchPreferences.DEVICES.indexOf(WorkbenchPreferences.device()));
        device.setToolTipText("auto: the first GPU when the engine has one, else the CPU. Takes effect at the next "
                + "start.");
        note(inference, "Available now: " + devices + ". Changes apply at the next start.");
        label(inference, "Top classes (top-k):");
        topK = new Spinner(inference, SWT.BORDER);
        topK.setValues(WorkbenchPreferences.topK(), 1, 20, 0, 1, 5);
        topK.setToolTipText("How many classes the Predictions view lists for each model");

        Group sweeps = group(area, "Sweeps");
        label(sweeps, "Output folder:");
        Composite row = new Composite(sweeps, SWT.NONE);
        GridLayout rowLayout = new GridLayout(2, false);
        rowLayout.marginWidth = 0;
        rowLayout.marginHeight = 0;
        row.setLayout(rowLayout);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        sweepFolder = new Text(row, SWT.BORDER);
        GridData folderData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        folderData.widthHint = 300;
        sweepFolder.setLayoutData(folderData);
        sweepFolder.setText(WorkbenchPreferences.sweepOutputFolder());
        sweepFolder.setMessage("default: next to the workspace");
        Button browse = new Button(row, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog chooser = new DirectoryDialog(getShell());
            chooser.setText("Sweep output folder");
            String chosen = chooser.open();
            if (chosen != null) {
                sweepFolder.setText(chosen);
            }
        });

        Group spark = group(area, "Sweeps on Apache Spark");
        label(spark, "Spark master:");
        sparkMaster = new Text(spark, SWT.BORDER);
        GridData masterData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        masterData.widthHint = 300;
        sparkMaster.setLayoutData(masterData);
        sparkMaster.setText(WorkbenchPreferences.sparkMaster());
        sparkMaster.setMessage("empty: sweeps run in the workbench");
        sparkMaster.setToolTipText("local[2], local[*], spark://HOST:7077, k8s://https://HOST:PORT or yarn: the "
                + "Sweeps view runs its sweeps through the launcher's Spark driver (sweep --spark MASTER)");
        label(spark, "");
        sparkProblem = new Label(spark, SWT.WRAP);
        sparkProblem.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        GridData problemData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        problemData.widthHint = 300;
        problemData.heightHint = 2 * sparkProblem.computeSize(SWT.DEFAULT, SWT.DEFAULT).y; // room for two lines
        sparkProblem.setLayoutData(problemData);
        label(spark, "Inputs:");
        sparkInputs = new Combo(spark, SWT.READ_ONLY);
        sparkInputs.setItems(INPUTS_SHOWN);
        sparkInputs.select(WorkbenchPreferences.SPARK_INPUTS_CHOICES.indexOf(WorkbenchPreferences.sparkInputs()));
        sparkInputs.setToolTipText("ship: Spark sends the sweep's model folders and meshes to the executors; shared: "
                + "they read them at the workbench's paths (a shared file system)");
        sparkMaster.addListener(SWT.Modify, e -> checkSparkMaster());
        checkSparkMaster();

        Group plugins = group(area, "Plugins (time budget per call; 0: no limit)");
        TimeBudgets budgets = WorkbenchPreferences.timeBudgets();
        label(plugins, "Scene and image perturbations, visualizations (s):");
        timeBudget = tenths(plugins, budgets.image(), "A call that takes longer is abandoned, its entry skipped (a "
                + "visualization's frame not updated) and named with its bundle in the Error Log; the rest goes on.");
        label(plugins, "Model-aware perturbations, attacks (s):");
        attackTimeBudget = tenths(plugins, budgets.modelAware(), "The same for attacks, which run hundreds of "
                + "gradient steps.");
        note(plugins, "Applies to the next change of the scene or stack, and to sweeps started from now on.");

        Group start = group(area, "Default models (loaded at start)");
        List<String> chosen = BuiltinModels.defaults();
        for (Path dir : BuiltinModels.available()) {
            Button check = new Button(start, SWT.CHECK);
            String key = dir.getFileName().toString();
            check.setText(key);
            check.setData(key);
            check.setSelection(chosen.contains(key));
            check.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
            models.add(check);
        }
        if (models.isEmpty()) {
            note(start, "No built-in models in " + BuiltinModels.directory().toAbsolutePath());
        }
        return area;
    }

    /** What {@link #sparkInputs} shows, in the order of {@link WorkbenchPreferences#SPARK_INPUTS_CHOICES}. */
    private static final String[] INPUTS_SHOWN = { "default (shared for local[N], ship for a cluster)",
            "ship (Spark sends them to the executors)", "shared (the executors read the workbench's paths)" };

    /** Says what is wrong with the master as typed, beside it, and holds OK back until it is right. */
    private void checkSparkMaster() {
        String problem = WorkbenchPreferences.sparkMasterProblem(sparkMaster.getText());
        sparkProblem.setText(problem == null ? "" : problem);
        sparkProblem.getParent().layout();
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        checkSparkMaster(); // OK exists now: off while the master shown is wrong
    }

    /** A spinner of seconds with one decimal, at most a day. */
    private static Spinner tenths(Composite parent, java.time.Duration value, String tip) {
        Spinner spinner = new Spinner(parent, SWT.BORDER);
        spinner.setValues((int) Math.min(TimeBudgets.MAX_SECONDS * 10, Math.round(value.toMillis() / 100.0)), 0,
                (int) (TimeBudgets.MAX_SECONDS * 10), 1, 10, 100);
        spinner.setToolTipText(tip);
        spinner.setData(spinner.getSelection()); // what was shown: unchanged, nothing is stored
        return spinner;
    }

    private static void putIfChanged(org.eclipse.core.runtime.preferences.IEclipsePreferences node, String key,
            Spinner tenths) {
        if (node.get(key, null) != null || tenths.getSelection() != (Integer) tenths.getData()) {
            node.put(key, seconds(tenths));
        }
    }

    private static String seconds(Spinner tenths) {
        return java.math.BigDecimal.valueOf(tenths.getSelection(), 1).stripTrailingZeros().toPlainString();
    }

    private static Group group(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(2, false));
        group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return group;
    }

    private static void label(Composite parent, String text) {
        new Label(parent, SWT.NONE).setText(text);
    }

    private static void note(Composite parent, String text) {
        Label note = new Label(parent, SWT.WRAP);
        note.setText(text);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        data.widthHint = 420;
        note.setLayoutData(data);
    }

    @Override
    protected void okPressed() {
        String folder = sweepFolder.getText().strip();
        if (!folder.isEmpty()) {
            try { // refused here, in words, rather than when a sweep starts
                if (!java.nio.file.Path.of(folder).isAbsolute()) {
                    throw new java.nio.file.InvalidPathException(folder, "give a whole path, from the root");
                }
            } catch (java.nio.file.InvalidPathException e) {
                org.eclipse.jface.dialogs.MessageDialog.openError(getShell(), "Preferences",
                        "The sweep output folder " + folder + " cannot be used: " + e.getReason() + ".");
                return;
            }
        }
        String master = sparkMaster.getText().strip();
        if (WorkbenchPreferences.sparkMasterProblem(master) != null) {
            return; // said beside the field; OK is off meanwhile
        }
        var node = WorkbenchPreferences.node();
        node.put(WorkbenchPreferences.SPARK_MASTER, master);
        node.put(WorkbenchPreferences.SPARK_INPUTS, WorkbenchPreferences.SPARK_INPUTS_CHOICES.get(Math.max(0,
                sparkInputs.getSelectionIndex())));
        node.put(WorkbenchPreferences.DEVICE, device.getText());
        node.putInt(WorkbenchPreferences.TOP_K, topK.getSelection());
        node.put(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER, folder);
        // kept only once changed (or set before): until then -Dperturber.timeBudget or the default holds
        putIfChanged(node, WorkbenchPreferences.TIME_BUDGET, timeBudget);
        putIfChanged(node, WorkbenchPreferences.ATTACK_TIME_BUDGET, attackTimeBudget);
        if (!models.isEmpty()) {
            node.put(WorkbenchPreferences.DEFAULT_MODELS, String.join(",", models.stream().filter(
                    Button::getSelection).map(b -> (String) b.getData()).toList()));
        }
        WorkbenchPreferences.save(problems);
        WorkbenchPreferences.applyTimeBudgets();
        super.okPressed();
    }

    /** For tests: the OK button. */
    public Button okButton() {
        return getButton(IDialogConstants.OK_ID);
    }
}
