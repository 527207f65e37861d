public class Bw {
  public static void main(String[] a) throws Exception {
    int n = 64<<20; // 64M floats = 256MB
    float[] x=new float[n], y=new float[n];
    for (int t : new int[]{1,2}) for (int rep=0;rep<4;rep++){
      final int T=t; Thread[] th=new Thread[T]; long s=System.nanoTime();
      for(int k=0;k<T;k++){ final int kk=k; th[k]=new Thread(()->{ int lo=(int)((long)n*kk/T), hi=(int)((long)n*(kk+1)/T); for(int i=lo;i<hi;i++) y[i]=x[i]*1.5f+y[i]; }); th[k].start(); }
      for(Thread q:th) q.join(); double sec=(System.nanoTime()-s)/1e9;
      System.out.printf("threads %d: triad-ish (read 2, write 1) %.1f GB/s%n", T, 3.0*4*n/sec/1e9);
    }
  }
}
