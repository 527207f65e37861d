import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import java.nio.FloatBuffer;
public class DwVariants {
  static Matrix rnd(int r,int c){ return Matrix.wrap(Nd4j.rand(DataType.FLOAT, r, c)); }
  static double time(Runnable r, double flops){
    for(int i=0;i<5;i++) r.run();
    double[] g=new double[15];
    for(int i=0;i<g.length;i++){ long t=System.nanoTime(); r.run(); g[i]=flops/(System.nanoTime()-t);} 
    java.util.Arrays.sort(g); return g[g.length/2];
  }
  static float maxdiff(Matrix a, Matrix b){ float m=0; for(int i=0;i<a.size();i++) m=Math.max(m,Math.abs(a.floats().get(i)-b.floats().get(i))); return m;}
  static boolean same(Matrix a, Matrix b){ for(int i=0;i<a.size();i++) if(Float.floatToRawIntBits(a.floats().get(i))!=Float.floatToRawIntBits(b.floats().get(i))) return false; return true;}
  public static void main(String[] args){
    int T=4096;
    int[][] lin={{256,768},{256,256},{256,1024},{1024,256}};
    for(int[] io: lin){
      int in=io[0], out=io[1];
      Matrix x=rnd(T,in), dy=rnd(T,out), dyt=Matrix.allocate(DataType.FLOAT,out,T);
      Matrix ref=Matrix.allocate(DataType.FLOAT,out,in), dw=Matrix.allocate(DataType.FLOAT,out,in);
      double f=2.0*T*in*out;
      Blas.gemm(true,false,1.0,dy,x,0.0,ref);
      StringBuilder sb=new StringBuilder(String.format("in %4d out %4d: TN %.1f", in,out, time(()->Blas.gemm(true,false,1.0,dy,x,0.0,dw),f)));
      for(int kc: new int[]{256,384,512,1024,2048}){
        Runnable r=()->{ for(int k0=0;k0<T;k0+=kc){ int kk=Math.min(kc,T-k0); Blas.gemm(true,false,out,in,kk,1.0,dy,(long)k0*out,out,x,(long)k0*in,in,k0==0?0.0:1.0,dw,0,in);} };
        double g=time(r,f); r.run();
        sb.append(String.format("  kc%d %.1f(%s)",kc,g, same(dw,ref)?"=":String.format("%.1e",maxdiff(dw,ref))));
      }
      // transpose then NN
      Runnable tr=()->{ FloatBuffer s=dy.floats(), d=dyt.floats(); float[] row=new float[out];
        Parallel.forChunks(T, 1, (c,a,b)->{ for(int t=a;t<b;t++){ for(int j=0;j<out;j++) d.put(j*T+t, s.get(t*out+j)); } }); };
      double tt=time(tr, f); 
      Runnable nn=()->Blas.gemm(false,false,1.0,dyt,x,0.0,dw);
      double gn=time(nn,f); nn.run();
      sb.append(String.format("  NN(after T) %.1f(%s) transpose %.2f ms", gn, same(dw,ref)?"=":String.format("%.1e",maxdiff(dw,ref)), f/tt/1e6));
      System.out.println(sb);
    }
  }
}
