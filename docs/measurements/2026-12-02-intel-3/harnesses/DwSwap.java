import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import java.nio.FloatBuffer;
public class DwSwap {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r, double f){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[21];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=f/(System.nanoTime()-t);} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  static boolean same(Matrix a, Matrix b){ for(int i=0;i<a.size();i++) if(Float.floatToRawIntBits(a.floats().get(i))!=Float.floatToRawIntBits(b.floats().get(i))) return false; return true;}
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256},{64,192},{64,256},{256,64}};
    for(int rep=0;rep<3;rep++) for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), dy=rnd(T,out), dw=Matrix.allocate(DataType.FLOAT,out,in), ref=Matrix.allocate(DataType.FLOAT,out,in), st=Matrix.allocate(DataType.FLOAT,in,out);
      double f=2.0*T*in*out;
      double cur=time(()->Blas.gemm(true,false,1.0,dy,x,0.0,dw),f);
      Blas.gemm(true,false,1.0,dy,x,0.0,ref);
      double sw=time(()->Blas.gemm(true,false,1.0,x,dy,0.0,st),f);
      Runnable full=()->{ Blas.gemm(true,false,1.0,x,dy,0.0,st); FloatBuffer s=st.floats(), d=dw.floats();
         Parallel.forChunks(out,1,(c,a,b)->{ for(int o=a;o<b;o++) for(int i=0;i<in;i++) d.put(o*in+i, s.get(i*out+o)); }); };
      double swt=time(full,f); full.run();
      System.out.printf("in %4d out %4d: dY^T X %.1f   X^T dY %.1f   X^T dY + transpose %.1f (%s)%n",in,out,cur,sw,swt,same(dw,ref)?"same bits":"differs");
    }
  }
}
