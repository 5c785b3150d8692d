package io.nflint.host;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Line reading shared by the text readers: UTF-8, every line terminator, I/O errors as format errors. */
final class Lines {

    private Lines() {
    }

    static List<String> read(Path file) throws BundleFormatException {
        try {
            InputFiles.check(file, InputFiles.Limit.TEXT);
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (InputFiles.Refused e) {
            throw new BundleFormatException(file, 0, 0, e.getMessage(), e);
        } catch (MalformedInputException e) {
            throw new BundleFormatException(file, 0, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new BundleFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Longer than any line ipset, sysctl or ss print; a longer one is refused, not held in memory. */
    static final int MAX_LINE = 1 << 20;

    /** Opens {@code file} for reading line by line (refused by type first: a FIFO or /dev/zero never ends). */
    static Stream stream(Path file) throws BundleFormatException {
        String problem = InputFiles.typeProblem(file, false);
        if (problem != null) {
            throw new BundleFormatException(file, 0, 0, problem);
        }
        try {
            return new Stream(file, new java.io.InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder()));
        } catch (IOException e) {
            throw new BundleFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Lines of a file one at a time, each at most {@link #MAX_LINE} characters. */
    static final class Stream implements AutoCloseable {
        private final Path file;
        private final java.io.Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int len;
        private int number;
        private boolean eof;

        private Stream(Path file, java.io.Reader in) {
            this.file = file;
            this.in = in;
        }

        /** The next line without its terminator (\n, \r\n or \r), or null at the end. */
        String next() throws BundleFormatException {
            StringBuilder line = new StringBuilder();
            try {
                while (true) {
                    if (pos == len) {
                        len = eof ? -1 : in.read(buf);
                        pos = 0;
                        if (len < 0) {
                            eof = true;
                            len = 0;
                            if (line.length() == 0) {
                                return null;
                            }
                            number++;
                            return line.toString();
                        }
                    }
                    char c = buf[pos++];
                    if (c == '\n' && afterCr) {
                        afterCr = false;
                        continue;
                    }
                    afterCr = c == '\r';
                    if (c == '\n' || c == '\r') {
                        number++;
                        return line.toString();
                    }
                    if (line.length() == MAX_LINE) {
                        throw new BundleFormatException(file, number + 1, 1, "line is longer than " + MAX_LINE
                                + " characters; no line of this file is that long");
                    }
                    line.append(c);
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new BundleFormatException(file, number + 1, 0, "not UTF-8 text", e);
            } catch (IOException e) {
                throw new BundleFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
            }
        }

        /** The last character ended a line with \r: a \n right after it belongs to that line. */
        private boolean afterCr;

        /** The 1-based number of the line {@link #next} returned last. */
        int number() {
            return number;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }

    /** {@code text} for a message: at most 80 characters, so a gigabyte line is not copied into one. */
    static String quote(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** 1-based column of the first non-blank character. */
    static int firstNonBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i + 1;
            }
        }
        return 1;
    }
}
