package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.handlers.InstallPluginsDialog;

/**
 * Help > Install plugins...: what is typed is read as a p2 repository in the background (a folder or a zip), its
 * features are listed checked, problems are one line in the dialog, network URLs are refused, and the installation
 * runs as a Job whose failure (the test runtime has no p2 profile to install into) is reported in the dialog, which
 * stays usable.
 */
class InstallPluginsDialogTest extends WorkbenchTest {
    /** A p2 metadata repository holding one feature group (what a lab's site publishes). */
    static final String CONTENT_XML = """
            <?xml version='1.0' encoding='UTF-8'?>
            <?metadataRepository version='1.2.0'?>
            <repository name='A lab site' type='org.eclipse.equinox.internal.p2.metadata.repository.LocalMetadataRepository' version='1'>
              <properties size='1'><property name='p2.timestamp' value='1'/></properties>
              <units size='1'>
                <unit id='org.mylab.test.feature.group' version='1.2.3' singleton='false'>
                  <properties size='2'>
                    <property name='org.eclipse.equinox.p2.name' value='My lab test feature'/>
                    <property name='org.eclipse.equinox.p2.type.group' value='true'/>
                  </properties>
                  <provides size='1'>
                    <provided namespace='org.eclipse.equinox.p2.iu' name='org.mylab.test.feature.group' version='1.2.3'/>
                  </provides>
                  <touchpoint id='null' version='0.0.0'/>
                </unit>
              </units>
            </repository>
            """;

    @TempDir
    Path temp;

    InstallPluginsDialog open() throws InterruptedException {
        wb.clickLater(wb.ui(() -> wb.menuItem("Help", "Install plugins...")));
        Shell shell = wb.shell(InstallPluginsDialog.TITLE);
        return wb.ui(() -> (InstallPluginsDialog) shell.getData());
    }

    void type(InstallPluginsDialog dialog, String text) {
        wb.ui(() -> dialog.location().setText(text));
    }

    String message(InstallPluginsDialog dialog) {
        return wb.ui(() -> dialog.message().getText());
    }

    Button button(InstallPluginsDialog dialog, String label) {
        return wb.ui(() -> RunningWorkbench.controls(dialog.getShell(), Button.class).stream().filter(b -> b.getText()
                .replace("&", "").equals(label)).findFirst().orElseThrow());
    }

    boolean enabled(Button button) {
        return wb.ui(() -> button.isEnabled());
    }

    /** Waits until the dialog has read what was typed last and says something about it. */
    void awaitRead(InstallPluginsDialog dialog) throws InterruptedException {
        wb.await("the repository read", () -> !dialog.busy() && !dialog.message().getText().isEmpty());
    }

    List<List<String>> rows(InstallPluginsDialog dialog) {
        return wb.ui(() -> {
            List<List<String>> rows = new java.util.ArrayList<>();
            for (TableItem item : dialog.features().getItems()) {
                rows.add(List.of(item.getText(0), item.getText(1), item.getText(2), String.valueOf(item.getChecked())));
            }
            return rows;
        });
    }

    Path repository() throws IOException {
        Path site = Files.createDirectories(temp.resolve("site"));
        Files.writeString(site.resolve("content.xml"), CONTENT_XML);
        return site;
    }

    void close(InstallPluginsDialog dialog) throws InterruptedException {
        Button close = button(dialog, "Close");
        wb.ui(() -> close.notifyListeners(SWT.Selection, new Event()));
        wb.await("the dialog to close", () -> dialog.getShell() == null || dialog.getShell().isDisposed());
    }

    @Test
    void aTypedFolderIsReadAndItsFeaturesAreListedChecked() throws Exception {
        Path site = repository();
        InstallPluginsDialog dialog = open();
        Button install = button(dialog, "Install");
        assertFalse(enabled(install), "nothing to install before a repository is named");

        type(dialog, site.toString());
        awaitRead(dialog);
        assertEquals(List.of(List.of("org.mylab.test", "1.2.3", "My lab test feature", "true")), rows(dialog));
        assertTrue(message(dialog).startsWith("1 feature in " + site), message(dialog));
        assertTrue(enabled(install), "a checked feature can be installed");

        // unchecking the only feature leaves nothing to install
        wb.ui(() -> {
            TableItem item = dialog.features().getItem(0);
            item.setChecked(false);
            Event event = new Event();
            event.detail = SWT.CHECK;
            event.item = item;
            dialog.features().notifyListeners(SWT.Selection, event);
        });
        assertFalse(enabled(install), "no feature checked");
        close(dialog);
    }

    @Test
    void aZipOfARepositoryInAFolderIsReadToo() throws Exception {
        Path zip = temp.resolve("lab-site.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lab-site/"));
            out.putNextEntry(new ZipEntry("lab-site/content.xml"));
            out.write(CONTENT_XML.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        InstallPluginsDialog dialog = open();
        type(dialog, zip.toString());
        awaitRead(dialog);
        assertEquals(List.of(List.of("org.mylab.test", "1.2.3", "My lab test feature", "true")), rows(dialog));
        close(dialog);
    }

    @Test
    void problemsAreOneLineAndNothingIsOffered() throws Exception {
        InstallPluginsDialog dialog = open();
        Button install = button(dialog, "Install");

        Path missing = temp.resolve("no-such-site");
        type(dialog, missing.toString());
        awaitRead(dialog);
        assertEquals("no such repository: " + missing, message(dialog));
        assertEquals(List.of(), rows(dialog));
        assertFalse(enabled(install));

        type(dialog, "https://download.example.org/lab/site");
        awaitRead(dialog);
        assertTrue(message(dialog).startsWith("refused https://download.example.org/lab/site: Perturber installs only"
                + " from a local folder or zip file"), message(dialog));
        assertFalse(enabled(install));

        Path notARepository = Files.createDirectories(temp.resolve("just-a-folder"));
        Files.writeString(notARepository.resolve("notes.txt"), "no repository here");
        type(dialog, notARepository.toString());
        awaitRead(dialog);
        assertTrue(message(dialog).startsWith("not a p2 repository: " + notARepository), message(dialog));
        assertFalse(enabled(install));

        Path notAZip = Files.writeString(temp.resolve("site.zip"), "not a zip");
        type(dialog, notAZip.toString());
        awaitRead(dialog);
        assertTrue(message(dialog).startsWith("not a p2 repository: " + notAZip), message(dialog));
        close(dialog);
    }

    @Test
    void anInstallationThatFailsIsReportedInTheDialogWhichStaysUsable() throws Exception {
        Path site = repository();
        InstallPluginsDialog dialog = open();
        type(dialog, site.toString());
        awaitRead(dialog);
        Button install = button(dialog, "Install");
        assertTrue(enabled(install));
        wb.ui(() -> install.notifyListeners(SWT.Selection, new Event()));
        // the test runtime is no installed product: the Job runs the installer, which says why it cannot install
        wb.await("the installation to end", () -> !dialog.busy() && !dialog.message().getText().startsWith(
                "Installing "));
        String said = message(dialog);
        assertTrue(said.contains("p2"), "why nothing was installed: " + said);
        assertFalse(said.contains("\tat "), "no stack trace in the dialog: " + said);
        assertTrue(enabled(install), "another try is possible");
        assertTrue(enabled(button(dialog, "Close")));
        assertTrue(wb.ui(() -> dialog.location().isEnabled()));
        close(dialog);
    }
}
