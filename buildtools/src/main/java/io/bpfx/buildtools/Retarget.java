package io.bpfx.buildtools;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar that predate Java 6 (LuaJ is Java 1.3, picocli Java 5) as
 * Java 8 class files with stack map frames, in place.
 *
 * <p>Why: JDK 17's class-data sharing leaves out every class older than version 50 (and every
 * class extending one: all of bpfx's Lua functions), because the old verifier records no
 * constraints it could check at run time. Those classes were parsed and verified again on
 * every start; re-targeted, they come from the archive like the rest.
 *
 * <p>A class whose frames need a type the jar doesn't hold (LuaJ's optional BCEL compiler) is
 * left as it was: it then loads as before, unarchived.
 *
 * <pre>java -cp ... io.bpfx.buildtools.Retarget JAR</pre>
 */
public final class Retarget {
    /** Java 6: the first version CDS on JDK 17 archives. */
    static final int FIRST_ARCHIVED = 50;

    private Retarget() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: Retarget JAR");
        Path jar = Path.of(args[0]);
        Result r = retargetJar(jar);
        System.out.printf("retarget: %d class files re-targeted to Java 8, %d left as they were%n",
                r.rewritten(), r.kept().size());
    }

    record Result(int rewritten, List<String> kept) {}

    static Result retargetJar(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, ZipEntry> meta = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
                meta.put(e.getName(), e);
            }
        }
        Hierarchy hierarchy = new Hierarchy(entries);
        int rewritten = 0;
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().endsWith(".class") || e.getKey().startsWith("META-INF/")) continue;
            byte[] b = e.getValue();
            if (majorVersion(b) >= FIRST_ARCHIVED) continue;
            try {
                e.setValue(retarget(b, hierarchy));
                rewritten++;
            } catch (TypeNotPresentException missing) {
                kept.add(e.getKey());
            }
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".retarget");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry old = meta.get(e.getKey());
                ZipEntry ne = new ZipEntry(e.getKey());
                if (old.getTime() != -1) ne.setTime(old.getTime());
                out.putNextEntry(ne);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return new Result(rewritten, kept);
    }

    static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** One class: version 52, subroutines (jsr/ret) inlined, frames computed. */
    static byte[] retarget(byte[] classFile, Hierarchy hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                // Java 1.3 compiled finally blocks as jsr/ret, which version 50+ forbids
                return new JSRInlinerAdapter(mv, access, name, descriptor, signature, exceptions);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Super classes of the jar's classes (from their bytes) and of the JDK's (by reflection, not initialised). */
    static final class Hierarchy {
        private final Map<String, byte[]> jar;
        private final Map<String, String[]> cache = new HashMap<>(); // name -> {super, "i" if interface}

        Hierarchy(Map<String, byte[]> entries) {
            this.jar = entries;
        }

        String commonSuperClass(String a, String b) {
            if (isInterface(a) || isInterface(b)) return "java/lang/Object";
            List<String> chainA = new ArrayList<>();
            for (String c = a; c != null; c = superOf(c)) chainA.add(c);
            for (String c = b; c != null; c = superOf(c)) if (chainA.contains(c)) return c;
            return "java/lang/Object";
        }

        private boolean isInterface(String name) {
            return info(name)[1] != null;
        }

        private String superOf(String name) {
            return info(name)[0];
        }

        private String[] info(String name) {
            return cache.computeIfAbsent(name, n -> {
                byte[] b = jar.get(n + ".class");
                if (b != null) {
                    ClassReader r = new ClassReader(b);
                    return new String[] {r.getSuperName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0 ? "i" : null};
                }
                try {
                    Class<?> c = Class.forName(n.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                    Class<?> s = c.getSuperclass();
                    return new String[] {s == null ? null : s.getName().replace('.', '/'), c.isInterface() ? "i" : null};
                } catch (ClassNotFoundException e) {
                    throw new TypeNotPresentException(n, e);
                }
            });
        }
    }
}
