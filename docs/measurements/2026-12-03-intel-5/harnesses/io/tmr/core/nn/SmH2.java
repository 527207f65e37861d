package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
public class SmH2 {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[15]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] a){
    int S=128, B=32, H=4, blocks=B*H;
    Matrix probs=Matrix.allocate(DataType.FLOAT,blocks*S,S);
    float[] scores=new float[S*S], keep=new float[S*S], dropped=new float[S*S], grad=new float[S*S];
    java.util.Random r=new java.util.Random(1);
    for(int i=0;i<S*S;i++){ keep[i]=(float)r.nextGaussian(); }
    Dropout d=new Dropout(0.1);
    Context ctx=Context.training(new RandomStream(1));
    d.sample(ctx, probs.size());
    int[] len=new int[B]; java.util.Arrays.fill(len,S);
    AttentionMask m=AttentionMask.fromLengths(S,len);
    java.nio.FloatBuffer pf=probs.floats();
    for(int rep=0;rep<4;rep++){
      double f=time(()->{ for(int i=0;i<blocks;i++){ System.arraycopy(keep,0,scores,0,S*S); SelfAttention.maskedSoftmaxFloat(scores, pf, i*S*S, dropped, d, m, i/H);} });
      double c=time(()->{ for(int i=0;i<blocks;i++){ System.arraycopy(keep,0,scores,0,S*S);} });
      double b=time(()->{ for(int i=0;i<blocks;i++){ System.arraycopy(keep,0,grad,0,S*S); SelfAttention.softmaxBackwardFloat(pf, i*S*S, grad, dropped, d, S);} });
      double el=blocks*S*S;
      System.out.printf("fwd %.2f ns/el  bwd %.2f ns/el (copy %.2f)%n", (f-c)*1e6/el, (b-c)*1e6/el, c*1e6/el);
    }
  }
}
