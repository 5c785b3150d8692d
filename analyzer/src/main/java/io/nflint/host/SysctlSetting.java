package io.nflint.host;

/** One sysctl value and whether it came from the bundle ({@code given}) or is the kernel default. */
public record SysctlSetting(String key, String value, boolean given) {

    /** Kernel booleans are integers; anything but 0 switches them on. */
    public boolean asBoolean() {
        try {
            return Long.parseLong(value.trim()) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int asInt() {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
