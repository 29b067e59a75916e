package org.modnas.core.arch;

/** Rules for param names: non-empty, no surrounding whitespace, no control characters. */
final class ArchNames {
    private ArchNames() {
    }

    static String requireValid(String name) {
        if (name == null || name.isEmpty() || !name.strip().equals(name)) {
            throw new IllegalArgumentException("param name must be non-empty without surrounding spaces, got '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("param name contains a control character: '" + name + "'");
            }
        }
        return name;
    }
}
