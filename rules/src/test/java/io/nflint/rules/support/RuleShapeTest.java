package io.nflint.rules.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleShapeTest {

    @Test
    void collapsingWhiteSpaceMatchesTheRegexItReplaces() {
        char[] alphabet = {' ', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u2003', 'a', '-', 'j', 'X'};
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = sb.toString();
            assertThat(RuleShape.collapseWhiteSpace(s)).as("'%s'", s).isEqualTo(s.replaceAll("\\s+", " "));
        }
        String plain = "DNAT --to-destination 10.0.0.1:80";
        assertThat(RuleShape.collapseWhiteSpace(plain)).isSameAs(plain);
    }
}
