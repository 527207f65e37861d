package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
public class SmParts2 {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[15]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  static float sink;
  public static void main(String[] a){
    int S=128, rows=128*128;
    float[] src=new float[S], row=new float[S], out=new float[S], scratch=new float[S], keep=new float[S];
    java.util.Random r=new java.util.Random(1);
    for(int i=0;i<S;i++) src[i]=(float)r.nextGaussian();
    Dropout d=new Dropout(0.1);
    d.sample(Context.training(new RandomStream(1)), rows*S);
    for(int rep=0;rep<3;rep++){
      double copy=time(()->{ for(int q=0;q<rows;q++) System.arraycopy(src,0,row,0,S); });
      double max=time(()->{ float s=0; for(int q=0;q<rows;q++) s+=FastMath.max(src,S); sink=s; });
      double exp=time(()->{ for(int q=0;q<rows;q++){ System.arraycopy(src,0,row,0,S); FastMath.expShiftedInPlace(row,S,1f,scratch);} });
      double sum=time(()->{ float s=0; for(int q=0;q<rows;q++) s+=FastMath.sum(src,S); sink=s; });
      double kf=time(()->{ for(int q=0;q<rows;q++) d.keepFlags(q*S, S, keep); });
      double loop=time(()->{ for(int q=0;q<rows;q++){ float inv=0.5f; for(int j=0;j<S;j++){ float p=src[j]*inv; row[j]=p; out[j]=p*keep[j]*1.1f; } } });
      double n=rows;
      System.out.printf("per row ns: copy %.1f max %.1f exp(+copy) %.1f sum %.1f keepFlags %.1f loop %.1f%n", copy*1e6/n, max*1e6/n, exp*1e6/n, sum*1e6/n, kf*1e6/n, loop*1e6/n);
    }
  }
}
