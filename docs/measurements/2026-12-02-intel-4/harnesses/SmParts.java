package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class SmParts {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[21]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  static float sink;
  public static void main(String[] a){
    int S=128, blocks=128;
    Matrix scores=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,S));
    Matrix probs=Matrix.allocate(DataType.FLOAT,S,S);
    Matrix dropped=Matrix.allocate(DataType.FLOAT,S,S);
    Dropout d=new Dropout(0.1);
    d.sample(Context.training(new RandomStream(1)), S*S*blocks);
    float[] row=new float[S], out=new float[S], scratch=new float[S], keep=new float[S];
    FloatBuffer sf=scores.floats(), pf=probs.floats(), df=dropped.floats();
    double el=blocks*S*S;
    for(int level=0; level<7; level++){
      final int L=level;
      double t=time(()->{ for(int b=0;b<blocks;b++) for(int r=0;r<S;r++){
        sf.get(r*S,row,0,S);
        float mx=0, inv=1;
        if(L>=1) mx=FastMath.max(row,S);
        if(L>=2) FastMath.expShiftedInPlace(row,S,mx,scratch);
        if(L>=3) inv=1f/FastMath.sum(row,S);
        if(L>=4) d.keepFlags(b*S*S+r*S,S,keep);
        if(L>=5) { for(int j=0;j<S;j++){ float p=row[j]*inv; row[j]=p; out[j]=p*keep[j]*1.1f; } }
        if(L>=6) df.put(r*S,out,0,S);
        pf.put(r*S,row,0,S);
      }});
      System.out.printf("level %d: %.3f ms %.2f ns/el%n", L, t, t*1e6/el);
    }
  }
}
