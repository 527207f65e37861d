import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import java.nio.FloatBuffer;
public class DwKsplit {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r, double flops){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[21];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=flops/(System.nanoTime()-t);} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256},{64,192},{64,256},{256,64}};
    for(int rep=0;rep<2;rep++)
    for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), dy=rnd(T,out);
      Matrix dw=Matrix.allocate(DataType.FLOAT,out,in), p1=Matrix.allocate(DataType.FLOAT,out,in);
      double f=2.0*T*in*out;
      double cur=time(()->Blas.gemm(true,false,1.0,dy,x,1.0,dw),f);
      Runnable ks=()->Parallel.forParts(2, part->{
          int k0=part*T/2;
          Blas.gemm(true,false,out,in,T/2,1.0,dy,(long)k0*out,out,x,(long)k0*in,in,part==0?1.0:0.0,part==0?dw:p1,0,in);
        });
      Runnable add=()->{ FloatBuffer a=dw.floats(), b=p1.floats(); int n=out*in; Parallel.forChunks(n,1,(c,s,e)->{for(int i=s;i<e;i++) a.put(i,a.get(i)+b.get(i));}); };
      double gk=time(()->{ks.run(); add.run();},f);
      double gko=time(ks,f);
      System.out.printf("in %4d out %4d: current %.1f  K-split+add %.1f (products only %.1f) GFLOP/s%n",in,out,cur,gk,gko);
    }
  }
}
