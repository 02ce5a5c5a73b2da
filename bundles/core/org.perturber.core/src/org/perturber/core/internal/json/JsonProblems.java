package org.perturber.core.internal.json;

import java.io.EOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonParseException;

/**
 * What is wrong with a JSON file, in words a researcher reads, from Gson's message: model folders and session files
 * say the same thing the same way, and never show an exception's class name.
 */
public final class JsonProblems {
    private static final Pattern GSON_WHERE = Pattern.compile(
            "(?:[\\w.$]+Exception: )?(.*?) at line (\\d+) column (\\d+) path (\\S+)");

    private JsonProblems() {
    }

    /**
     * "java.io.EOFException: End of input at line 3 column 1 path $.architecture" becomes "ends early, inside
     * 'architecture' (line 3): the file is cut off"; other syntax errors name line, column and field.
     */
    public static String describe(JsonParseException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip().lines().findFirst().orElse("");
        Matcher m = GSON_WHERE.matcher(message);
        if (!m.find()) {
            return "not valid JSON: " + (message.isEmpty() ? cause.getClass().getSimpleName() : message);
        }
        String what = m.group(1).strip();
        String line = m.group(2);
        String field = m.group(4).replaceFirst("^\\$\\.?", "");
        String inside = field.isEmpty() ? "" : ", inside '" + field + "'";
        if (cause instanceof EOFException || what.startsWith("End of input")) {
            return "ends early" + inside + " (line " + line + "): the file is cut off";
        }
        what = what.isEmpty() ? "malformed JSON" : Character.toLowerCase(what.charAt(0)) + what.substring(1);
        return "line " + line + ", column " + m.group(3) + inside + ": " + what;
    }
}
