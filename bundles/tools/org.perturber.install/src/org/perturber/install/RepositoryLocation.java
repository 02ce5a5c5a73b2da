package org.perturber.install;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A p2 repository a user named: a folder, a zip file (the repository at its top or in one folder of it) or a
 * {@code file:} URL of either. Anything on the network is refused: Perturber installs offline.
 */
public final class RepositoryLocation {
    /** The files that make a folder a p2 repository (simple or composite, metadata or artifacts, any encoding). */
    private static final Set<String> REPOSITORY_FILES = Set.of("content.xml", "content.jar", "content.xml.xz",
            "compositecontent.xml", "compositecontent.jar", "artifacts.xml", "artifacts.jar", "artifacts.xml.xz",
            "compositeartifacts.xml", "compositeartifacts.jar", "p2.index");

    private final String given;
    private final Path file;
    private final URI uri;

    private RepositoryLocation(String given, Path file, URI uri) {
        this.given = given;
        this.file = file;
        this.uri = uri;
    }

    /** What the user typed. */
    public String given() {
        return given;
    }

    /** The folder or zip file on disk. */
    public Path file() {
        return file;
    }

    /** The repository's URI for p2 (for a zip: {@code jar:file:...!/} with the folder inside it). */
    public URI uri() {
        return uri;
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /**
     * Parses what a user gave.
     *
     * @throws InstallException with one line saying what is wrong (no such file, not a repository, a network URL)
     */
    public static RepositoryLocation of(String given) throws InstallException {
        String text = given == null ? "" : given.strip();
        if (text.isEmpty()) {
            throw new InstallException("no repository given: name a p2 repository folder, a zip of one, or a file: URL");
        }
        Path named;
        int colon = text.indexOf(':');
        if (colon > 1 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("file")) {
                throw new InstallException("refused " + text + ": Perturber installs only from a local folder or zip"
                        + " file (" + scheme + ": would fetch from the network); download the repository first");
            }
            try {
                named = Path.of(new URI(text));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new InstallException("not a valid file: URL: " + text);
            }
        } else {
            named = Path.of(text);
        }
        Path path = named.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new InstallException("no such repository: " + path);
        }
        if (Files.isDirectory(path)) {
            if (!isRepositoryFolder(path)) {
                throw new InstallException("not a p2 repository: " + path
                        + " (it holds no content.jar, content.xml or compositeContent.* file)");
            }
            return new RepositoryLocation(text, path, path.toUri());
        }
        String inside = repositoryFolderInZip(path).orElseThrow(() -> new InstallException(
                "not a p2 repository: " + path + " (a file that is not a zip holding content.jar or content.xml)"));
        try {
            URI zip = path.toUri();
            return new RepositoryLocation(text, path, new URI("jar:" + zip + "!/" + inside));
        } catch (URISyntaxException e) {
            throw new InstallException("cannot name " + path + " as a repository: " + e.getMessage());
        }
    }

    private static boolean isRepositoryFolder(Path folder) {
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> isMetadataFile(f.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isMetadataFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return REPOSITORY_FILES.contains(lower) && (lower.startsWith("content") || lower.startsWith("compositecontent")
                || lower.equals("p2.index"));
    }

    /** The folder inside a zip that holds the repository ("" for its top), the shallowest one. */
    static Optional<String> repositoryFolderInZip(Path zip) {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String best = null;
            for (Enumeration<? extends ZipEntry> entries = archive.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.lastIndexOf('/');
                String base = name.substring(slash + 1);
                if (entry.isDirectory() || !isMetadataFile(base)) {
                    continue;
                }
                String folder = name.substring(0, slash + 1);
                if (best == null || Comparator.<String>comparingLong(f -> f.chars().filter(c -> c == '/').count())
                        .compare(folder, best) < 0) {
                    best = folder;
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
