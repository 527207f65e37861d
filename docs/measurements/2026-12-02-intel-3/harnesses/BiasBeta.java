import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class BiasBeta {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[21];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256}};
    for(int rep=0;rep<2;rep++) for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), w=rnd(out,in), b=rnd(1,out), y=Matrix.allocate(DataType.FLOAT,T,out);
      double t1=time(()->{ Ops.broadcastRow(b,y); Blas.gemm(false,true,1.0,x,w,1.0,y);});
      double t2=time(()->Blas.gemm(false,true,1.0,x,w,0.0,y));
      double t3=time(()->Ops.broadcastRow(b,y));
      System.out.printf("in %4d out %4d: broadcast+beta1 %.3f ms, beta0 %.3f ms, broadcast alone %.3f ms%n",in,out,t1,t2,t3);
    }
  }
}
