package org.perturber.headless;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.perturber.core.files.ContainedPath;
import org.perturber.core.param.FileParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.InvalidParameterException;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.session.SessionFile;

/**
 * Reads a perturbation stack file ({"perturbations": [...]}, as the workbench's -Dperturber.stack takes) for a
 * headless command, with the checks sessions and sweep specs get: a regular file of at most
 * {@link SessionFile#MAX_BYTES}, the stack's own JSON checks, then every entry against the registry (a perturbation
 * that exists and loads, parameters it has, values it accepts and, for numbers, inside their range: no silent
 * clamping) and every file it names inside the stack file's own folder, as a spec's are: a stack from elsewhere must
 * not make a command read the user's other files. Every problem is reported, one line each, naming the file and the
 * element.
 */
final class StackFileReader {
    /** The stack, or the problems (then the stack is null). */
    record Result(PerturbationStack stack, List<String> problems) {
    }

    private StackFileReader() {
    }

    static Result read(Path file, ContributionRegistry registry) {
        String text;
        try {
            if (!Files.isRegularFile(file)) { // a folder, a FIFO or a device would fail or block the read
                return failed(file + ": " + (Files.exists(file) ? "not a regular file (a folder, a pipe or a device)"
                        : "no such file"));
            }
            long size = Files.size(file);
            if (size > SessionFile.MAX_BYTES) {
                return failed(file + ": " + size + " bytes is more than a stack file may have (" + SessionFile.MAX_BYTES
                        + ", SessionFile.MAX_BYTES)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) { // malformed UTF-8 included
            return failed(file + ": cannot read: " + e);
        }
        PerturbationStack stack;
        try {
            stack = PerturbationStack.fromJson(text);
        } catch (IllegalArgumentException e) {
            return failed(file + ": not a valid stack file: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Path folder = file.toAbsolutePath().normalize().getParent();
        List<StackEntry> checked = new ArrayList<>();
        for (int i = 0; i < stack.entries().size(); i++) {
            checked.add(check(stack.entries().get(i), "perturbations[" + i + "]", folder, file, registry, problems));
        }
        return problems.isEmpty() ? new Result(new PerturbationStack(checked), List.of()) : new Result(null, problems);
    }

    private static Result failed(String problem) {
        return new Result(null, List.of(problem));
    }

    private static StackEntry check(StackEntry entry, String at, Path folder, Path file, ContributionRegistry registry,
            List<String> problems) {
        Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
        if (c == null) {
            problems.add(file + ": " + at + ".id: unknown perturbation '" + entry.perturbation() + "'; installed: "
                    + registry.perturbations().stream().map(Contribution::id).toList());
            return entry;
        }
        Perturbation p = c.instance().orElse(null);
        if (p == null) {
            problems.add(file + ": " + at + ".id: perturbation " + c.id() + " failed to load: " + c.failure().orElse(
                    "unknown"));
            return entry;
        }
        List<ParameterDescriptor> parameters;
        try {
            parameters = p.parameters();
        } catch (RuntimeException | LinkageError e) {
            problems.add(file + ": " + at + ".id: perturbation " + c.id() + " cannot list its parameters: " + e);
            return entry;
        }
        StackEntry out = entry;
        for (Map.Entry<String, Object> v : entry.values().entrySet()) {
            String where = file + ": " + at + ".values." + v.getKey() + ": ";
            ParameterDescriptor d = parameters.stream().filter(x -> x.id().equals(v.getKey())).findFirst().orElse(
                    null);
            if (d == null) {
                problems.add(where + "perturbation " + c.id() + " has no parameter '" + v.getKey() + "'; it has "
                        + parameters.stream().map(ParameterDescriptor::id).toList());
                continue;
            }
            String range = rangeProblem(d, v.getValue());
            if (range != null) {
                problems.add(where + range);
                continue;
            }
            Object value;
            try {
                value = d.normalize(v.getValue());
            } catch (InvalidParameterException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            if (d instanceof FileParameter && value instanceof String name && !name.isBlank()) {
                try {
                    value = ContainedPath.resolve(folder, "stack file's folder", name, ContainedPath.Kind.FILE)
                            .toString();
                } catch (ContainedPath.RefusedException e) {
                    problems.add(where + "names '" + name + "', " + e.getMessage() + " " + folder);
                    continue;
                }
            }
            out = out.with(v.getKey(), value);
        }
        return out;
    }

    /** A number outside its parameter's range (angles over a whole turn wrap and are fine), or null. */
    private static String rangeProblem(ParameterDescriptor d, Object raw) {
        if (raw instanceof Double v && d instanceof NumberParameter n && !n.periodic() && (v < n.min() || v > n
                .max())) {
            return String.format(Locale.ROOT, "%s = %s is outside its range [%s, %s]", d.id(), v, n.min(), n.max());
        }
        if (raw instanceof Double v && d instanceof IntegerParameter n && (v < n.min() || v > n.max() || v != Math
                .rint(v))) {
            return String.format(Locale.ROOT, "%s = %s must be a whole number in [%d, %d]", d.id(), v, n.min(), n
                    .max());
        }
        return null;
    }
}
