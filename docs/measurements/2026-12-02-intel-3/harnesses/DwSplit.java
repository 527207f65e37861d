import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class DwSplit {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r, double f){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[21];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=f/(System.nanoTime()-t);} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256},{64,192},{64,256},{256,64}};
    for(int rep=0;rep<2;rep++) for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), dy=rnd(T,out), dw=Matrix.allocate(DataType.FLOAT,out,in);
      double f=2.0*T*in*out;
      // C[out x in] = dy^T x ; rows split = out ranges ; cols split = in ranges
      double rows=time(()->Parallel.forParts(2, p->{ int a=p*out/2/16*16, b=p==1?out:out/2/16*16; Blas.gemm(true,false,b-a,in,T,1.0,dy,a,out,x,0,in,1.0,dw,(long)a*in,in);}),f);
      double cols=time(()->Parallel.forParts(2, p->{ int a=p*in/2/16*16, b=p==1?in:in/2/16*16; Blas.gemm(true,false,out,b-a,T,1.0,dy,0,out,x,a,in,1.0,dw,a,in);}),f);
      double cur=time(()->Blas.gemm(true,false,1.0,dy,x,1.0,dw),f);
      double ob=time(()->Blas.withOpenBlasThreads(2,()->Parallel.forParts(1,p->Blas.gemm(true,false,1.0,dy,x,1.0,dw))),f);
      System.out.printf("in %4d out %4d: current %.1f  rows %.1f  cols %.1f  openblas-2-threads %.1f%n",in,out,cur,rows,cols,ob);
    }
  }
}
