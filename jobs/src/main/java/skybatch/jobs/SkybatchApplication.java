package skybatch.jobs; public class SkybatchApplication { public static void main(String[] a){} }
