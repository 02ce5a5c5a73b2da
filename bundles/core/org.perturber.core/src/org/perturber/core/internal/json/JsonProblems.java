package org.perturber.core.internal.json;

import java.io.EOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;

/**
 * What is wrong with a JSON file, in words a researcher reads, from Gson's message: model folders and session files
 * say the same thing the same way, and never show an exception's class name.
 */
public final class JsonProblems {
    private static final Pattern GSON_WHERE = Pattern.compile(
            "(?:[\\w.$]+Exception: )?(.*?) at line (\\d+) column (\\d+) path (\\S+)");

    private static final Pattern GSON_EXPECTED = Pattern.compile(
            "Expected (\\w+|a \\w+|an \\w+) but was (\\w+)(?: .*?)? at path (\\S+)");

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

    /**
     * A type error found while binding a parsed tree ("Expected BEGIN_ARRAY but was BEGIN_OBJECT at path $.objects")
     * as "PREFIX.objects: expected a list [...], got an object {...}"; other problems in words without class names.
     */
    public static String describeBinding(JsonParseException e, String prefix) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip().lines().findFirst().orElse("");
        Matcher m = GSON_EXPECTED.matcher(message);
        if (m.find()) {
            String field = m.group(3).replaceFirst("^\\$\\.?", "");
            return (field.isEmpty() ? prefix : prefix + "." + field) + ": expected " + token(m.group(1)) + ", got "
                    + token(m.group(2));
        }
        if (cause instanceof NumberFormatException) {
            return prefix + ": a number was expected, got text (" + message.replace("For input string: ", "") + ")";
        }
        return prefix + ": " + describe(e);
    }

    private static String token(String gsonToken) {
        return switch (gsonToken) {
        case "BEGIN_ARRAY" -> "a list [...]";
        case "BEGIN_OBJECT" -> "an object {...}";
        case "STRING" -> "a string";
        case "NUMBER", "a double", "a long", "an int" -> "a number";
        case "BOOLEAN" -> "true or false";
        case "NULL" -> "null";
        default -> gsonToken.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** What a JSON value is, in words ("an object", "a list", "null", "the string \"x\"", "the number 3"). */
    public static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        } else if (e.isJsonObject()) {
            return "an object {...}";
        } else if (e.isJsonArray()) {
            return "a list [...]";
        } else if (e.getAsJsonPrimitive().isBoolean()) {
            return "the boolean " + e.getAsBoolean();
        } else if (e.getAsJsonPrimitive().isNumber()) {
            return "the number " + e.getAsString();
        }
        String text = e.getAsString();
        return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }

    /** "path: expected WHAT, got KIND" as a refusal naming the element. */
    public static String wrongType(String path, String expected, JsonElement got) {
        return path + ": expected " + expected + ", got " + kind(got);
    }

    /** Whether the element is a JSON string. */
    public static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }
}
