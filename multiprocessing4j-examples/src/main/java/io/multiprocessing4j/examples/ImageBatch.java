package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A batch of image files processed one file per task (grayscale and a box blur), with a progress
 * bar drawn as the results come back in completion order ({@code imapUnordered}). The images are
 * generated first, so the example needs no input.
 *
 * <pre>
 * for done, name in enumerate(pool.imap_unordered(process_file, files), 1):
 *     print(progress_bar(done, len(files)), name)
 * </pre>
 *
 * Arguments: image count (default 24), image size in pixels (default 400).
 */
public final class ImageBatch {

    private ImageBatch() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path dir = Files.createTempDirectory("mp4j-images");
        try {
            List<String> files = new ArrayList<>();
            Random rnd = new Random(3);
            for (int i = 0; i < count; i++) {
                Path f = dir.resolve("image-" + i + ".png");
                ImageIO.write(generate(rnd, size), "png", f.toFile());
                files.add(f.toString());
            }
            int done = 0;
            try (Pool pool = Multiprocessing.context().pool(Multiprocessing.cpuCount())) {
                for (String result : pool.imapUnordered(ImageBatch::processFile, files)) {
                    done++;
                    out.println(bar(done, count) + " " + Path.of(result).getFileName());
                }
            }
            out.println("processed " + done + " of " + count + " images");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String bar(int done, int total) {
        int width = 30;
        int filled = done * width / total;
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format("%3d%%", done * 100 / total);
    }

    static BufferedImage generate(Random rnd, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int k = 0; k < 40; k++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            g.fillOval(rnd.nextInt(size), rnd.nextInt(size), 20 + rnd.nextInt(size / 3), 20 + rnd.nextInt(size / 3));
        }
        g.dispose();
        return img;
    }

    /** Grayscale then a 3x3 box blur; writes name-processed.png and returns its path. */
    static String processFile(String file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage in = ImageIO.read(Path.of(file).toFile());
        int w = in.getWidth();
        int h = in.getHeight();
        int[] gray = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = in.getRGB(x, y);
                gray[y * w + x] = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                            sum += gray[yy * w + xx];
                            n++;
                        }
                    }
                }
                int v = sum / n;
                out.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Path result = Path.of(file.replace(".png", "-processed.png"));
        ImageIO.write(out, "png", result.toFile());
        return result.toString();
    }
}
