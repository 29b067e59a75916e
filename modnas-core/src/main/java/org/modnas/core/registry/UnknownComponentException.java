package org.modnas.core.registry;

import java.util.List;

/** A component name that no provider registered for its kind. */
public class UnknownComponentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String requested;
    private final List<String> known;
    private final String closest;

    public UnknownComponentException(String kind, String requested, List<String> known, String closest) {
        super("unknown " + kind + " '" + requested + "'"
                + (closest == null ? "" : "; did you mean '" + closest + "'?")
                + " Known " + kind + " names: " + String.join(", ", known)
                + (closest == null ? ". If '" + requested + "' comes from your own jar, give the jar with --jars (or "
                + "jars = [...] in the config), and register it by a ComponentProvider listed in "
                + "META-INF/services/" + ComponentProvider.class.getName() : ""));
        this.kind = kind;
        this.requested = requested;
        this.known = List.copyOf(known);
        this.closest = closest;
    }

    public String kind() {
        return kind;
    }

    public String requested() {
        return requested;
    }

    public List<String> known() {
        return known;
    }

    /** The known name nearest to the request, or null. */
    public String closest() {
        return closest;
    }
}
