package io.tmr.core.nn;
import io.tmr.core.tensor.*;
public class ExpH {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[21]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] a){
    System.out.println(Simd.status());
    for (int n : new int[]{128, 1024, 16384}) {
      float[] row=new float[n], scratch=new float[n];
      java.util.Random rnd=new java.util.Random(1);
      for(int i=0;i<n;i++) row[i]=(float)rnd.nextGaussian();
      float[] src=row.clone();
      int reps = 2_000_000/n;
      for (int k=0;k<3;k++){
      double t=time(()->{ for(int r=0;r<reps;r++){ System.arraycopy(src,0,row,0,n); FastMath.expShiftedInPlace(row,n,3f,scratch);} });
      System.out.printf("n=%d exp %.3f ns/el%n", n, t*1e6/(reps*(double)n));
      }
    }
  }
}
