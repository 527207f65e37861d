package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class OrderH {
  static final int NB=16,H=256,NH=4,D=64,S=128;
  public static void main(String[] a){
    Matrix x=Matrix.wrap(Nd4j.randn(DataType.FLOAT,NB*S,H));
    Matrix w=Matrix.wrap(Nd4j.randn(DataType.FLOAT,3*H,H));
    Matrix qkv=Matrix.allocate(DataType.FLOAT,NB*S,3*H);
    Matrix probs=Matrix.allocate(DataType.FLOAT,NB*NH*S,S);
    Matrix ctx=Matrix.allocate(DataType.FLOAT,NB*S,H);
    Matrix sc=Matrix.allocate(DataType.FLOAT,S,S);
    Matrix flush=Matrix.allocate(DataType.FLOAT,16<<20,1);
    for(int rep=0;rep<8;rep++){
      for (int order=0; order<3; order++){
        java.nio.FloatBuffer fl=flush.floats(); for(int i=0;i<fl.capacity();i+=16) fl.put(i,i);
        long t0=System.nanoTime();
        Blas.gemm(false,true,1.0,x,w,0.0,qkv);
        long t1=System.nanoTime();
        for(int k=0;k<NB*NH;k++){ int i = order==1 ? NB*NH-1-k : k; int b=i/NH,h=i%NH; long q=(long)b*S*3*H+h*D;
          if (order==2) { q = (long)(NB-1)*S*3*H+h*D; }
          Blas.gemm(false,true,S,S,D,0.125,qkv,q,3*H,qkv,q+H,3*H,0.0,sc,0,S);
          Blas.gemm(false,false,S,D,S,1.0,sc,0,S,qkv,q+2*H,3*H,0.0,ctx,(long)b*S*H+h*D,H);
        }
        long t2=System.nanoTime();
        if(rep>=5) System.out.printf("%s: proj %.2f ms, per-head %.1f us/task%n", order==0?"forward":order==1?"reverse":"one seq (hot)", (t1-t0)/1e6,(t2-t1)/1e3/(NB*NH));
      }
    }
  }
}
