package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class SmHarness {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[21]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] a){
    int S=128, B=32, H=4, blocks=B*H;
    Matrix scores=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,S));
    Matrix probs=Matrix.allocate(DataType.FLOAT,blocks*S,S);
    Matrix dropped=Matrix.allocate(DataType.FLOAT,S,S);
    Matrix grad=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,S));
    Dropout d=new Dropout(0.1);
    Context ctx=Context.training(new RandomStream(1));
    d.sample(ctx, probs.size());
    int[] len=new int[B]; java.util.Arrays.fill(len,S); len[0]=100;
    AttentionMask m=AttentionMask.fromLengths(S,len);
    boolean hot = a.length>0 && a[0].equals("hot");
    for(int rep=0;rep<3;rep++){
      double f=time(()->{ for(int i=0;i<blocks;i++) SelfAttention.maskedSoftmax(scores, probs, hot?0:(long)i*S*S, dropped, d, m, (i/H)%B==0?1:i/H); });
      double b=time(()->{ for(int i=0;i<blocks;i++) SelfAttention.softmaxBackward(probs, hot?0:(long)i*S*S, grad, dropped, d); });
      double el=blocks*S*S;
      System.out.printf("%s fwd %.3f ms (%.2f ns/el)  bwd %.3f ms (%.2f ns/el)%n", hot?"hot":"cold", f, f*1e6/el, b, b*1e6/el);
    }
  }
}
