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
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new BundleFormatException(file, 0, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new BundleFormatException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
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
