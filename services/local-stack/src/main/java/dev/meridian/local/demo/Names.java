package dev.meridian.local.demo;

import java.util.SplittableRandom;

/**
 * Invented names: syllables glued together, so no demo patient is a real person. The syllables are chosen to look
 * pronounceable and a little foreign to every language, which also makes demo data easy to recognise.
 */
final class Names {

    private static final String[] GIVEN = {"ka", "lo", "mi", "ren", "ta", "vel", "so", "ri", "an", "el", "dor",
            "fen", "ly", "na", "or", "sa", "ti", "va", "zel", "mar", "quo", "bel", "yn", "ush"};
    private static final String[] FAMILY = {"brak", "tol", "ven", "mur", "ost", "hal", "dre", "kin", "sar", "pel",
            "gov", "rin", "tas", "wel", "zor", "ab", "ith", "lom", "quen", "var"};
    private static final String[] FAMILY_ENDINGS = {"ek", "ova", "ando", "ster", "wick", "aux", "ides", "holm"};

    private Names() {
    }

    static String given(SplittableRandom random) {
        int syllables = 2 + random.nextInt(2);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            name.append(GIVEN[random.nextInt(GIVEN.length)]);
        }
        return capitalise(name.toString());
    }

    static String family(SplittableRandom random) {
        String name = FAMILY[random.nextInt(FAMILY.length)] + FAMILY[random.nextInt(FAMILY.length)]
                + FAMILY_ENDINGS[random.nextInt(FAMILY_ENDINGS.length)];
        return capitalise(name);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
