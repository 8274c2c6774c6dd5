package dev.goro.internal.pprof;

/**
 * Go's {@code strconv.Quote} ({@code %q}): the form pprof prints label keys and values in
 * ({@code # labels: {"pool":"a"}}). Printable characters stay as they are; quotes and backslashes are escaped;
 * the usual control characters get their one-letter escapes, other ASCII controls {@code \xHH}, other
 * non-printable characters {@code \\uHHHH} or {@code \UHHHHHHHH}.
 */
final class GoQuote {

    private GoQuote() {
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                default -> {
                    if (Character.isSurrogate((char) c) && c < 0x10000) {
                        sb.append("\\ufffd"); // a lone surrogate is not a character: Go would see invalid UTF-8
                    } else if (isPrint(c)) {
                        sb.appendCodePoint(c);
                    } else if (c < 0x80) {
                        hex(sb, "\\x", c, 2);
                    } else if (c < 0x10000) {
                        hex(sb, "\\u", c, 4);
                    } else {
                        hex(sb, "\\U", c, 8);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void hex(StringBuilder sb, String prefix, int c, int digits) {
        sb.append(prefix);
        String h = Integer.toHexString(c);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(h);
    }
}
