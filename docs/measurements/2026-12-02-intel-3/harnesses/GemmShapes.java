import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class GemmShapes {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r, double flops){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[15];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=flops/(System.nanoTime()-t);} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256},{256,256}};
    for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), w=rnd(out,in), y=Matrix.allocate(DataType.FLOAT,T,out), dy=rnd(T,out), dw=Matrix.allocate(DataType.FLOAT,out,in), dx=Matrix.allocate(DataType.FLOAT,T,in);
      double f=2.0*T*in*out;
      double fw=time(()->Blas.gemm(false,true,1.0,x,w,1.0,y),f);
      double gw=time(()->Blas.gemm(true,false,1.0,dy,x,1.0,dw),f);
      double gx=time(()->Blas.gemm(false,false,1.0,dy,w,0.0,dx),f);
      System.out.printf("in %4d out %4d: fwd %.1f  dW %.1f  dX %.1f GFLOP/s%n",in,out,fw,gw,gx);
    }
    Matrix a=rnd(4096,256), b=rnd(256,1024), c=Matrix.allocate(DataType.FLOAT,4096,1024);
    System.out.printf("peak shape NN: %.1f%n", time(()->Blas.gemm(false,false,1.0,a,b,0.0,c),2.0*4096*256*1024));
  }
}
