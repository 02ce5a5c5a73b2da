package org.perturber.install;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.equinox.internal.p2.repository.DownloadStatus;
import org.eclipse.equinox.internal.p2.repository.Transport;
import org.eclipse.equinox.internal.provisional.p2.repository.IStateful;
import org.eclipse.equinox.p2.core.ProvisionException;

/**
 * p2's transport in Perturber: reads {@code file:} URIs and entries of local archives ({@code jar:file:...!/...}),
 * and refuses every other scheme, so that installing a plugin never reaches the network (the product ships no ECF).
 * p2 names its transport only as an internal class; this is the one place Perturber uses p2 internals.
 */
@SuppressWarnings("restriction")
public class FileTransport extends Transport {
    private static final String ID = "org.perturber.install";

    /** Whether a location can be read by this transport (a local file, or an entry of a local archive). */
    public static boolean isLocal(URI uri) {
        String scheme = uri.getScheme();
        if ("file".equalsIgnoreCase(scheme)) {
            return true;
        }
        if ("jar".equalsIgnoreCase(scheme) || "zip".equalsIgnoreCase(scheme) || "archive".equalsIgnoreCase(scheme)) {
            String inner = uri.getRawSchemeSpecificPart();
            return inner.regionMatches(true, 0, "file:", 0, 5);
        }
        return false;
    }

    static String refusal(URI uri) {
        return "not a local file: " + uri + " (Perturber installs from folders and zip files only, never from the network)";
    }

    @Override
    public IStatus download(URI toDownload, OutputStream target, IProgressMonitor monitor) {
        DownloadStatus status;
        try (InputStream in = stream(toDownload, monitor)) {
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (monitor != null && monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                target.write(buffer, 0, n);
                size += n;
            }
            status = new DownloadStatus(IStatus.OK, ID, Status.OK_STATUS.getMessage());
            status.setFileSize(size);
        } catch (FileNotFoundException | NoSuchFileException e) {
            status = new DownloadStatus(IStatus.ERROR, ID, ProvisionException.ARTIFACT_NOT_FOUND,
                    "not found: " + toDownload, e);
        } catch (CoreException e) {
            status = new DownloadStatus(IStatus.ERROR, ID, e.getStatus().getCode(), e.getStatus().getMessage(), null);
        } catch (IOException e) {
            status = new DownloadStatus(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                    "cannot read " + toDownload + ": " + e.getMessage(), e);
        }
        if (target instanceof IStateful stateful) {
            stateful.setStatus(status);
        }
        return status;
    }

    @Override
    public InputStream stream(URI toDownload, IProgressMonitor monitor) throws FileNotFoundException, CoreException {
        if (!isLocal(toDownload)) {
            throw new CoreException(Status.error(refusal(toDownload)));
        }
        try {
            if ("file".equalsIgnoreCase(toDownload.getScheme())) {
                return Files.newInputStream(Path.of(toDownload));
            }
            URLConnection connection = toDownload.toURL().openConnection();
            connection.setUseCaches(false); // a cached archive stays open (and locked) after the installation
            return connection.getInputStream();
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(toDownload.toString());
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new CoreException(new Status(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                    "cannot read " + toDownload + ": " + e.getMessage(), e));
        }
    }

    @Override
    public long getLastModified(URI toDownload, IProgressMonitor monitor) throws CoreException, FileNotFoundException {
        if (!isLocal(toDownload)) {
            throw new CoreException(Status.error(refusal(toDownload)));
        }
        try {
            if ("file".equalsIgnoreCase(toDownload.getScheme())) {
                Path path = Path.of(toDownload);
                if (!Files.exists(path)) {
                    throw new FileNotFoundException(toDownload.toString());
                }
                return Files.getLastModifiedTime(path).toMillis();
            }
            URLConnection connection = toDownload.toURL().openConnection();
            connection.setUseCaches(false);
            if (connection instanceof JarURLConnection jar && jar.getJarEntry() == null) {
                throw new FileNotFoundException(toDownload.toString());
            }
            long modified = connection.getLastModified();
            connection.getInputStream().close();
            return modified;
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new CoreException(new Status(IStatus.ERROR, ID, ProvisionException.REPOSITORY_FAILED_READ,
                    "cannot read " + toDownload + ": " + e.getMessage(), e));
        }
    }
}
