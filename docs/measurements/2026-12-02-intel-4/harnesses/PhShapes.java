import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class PhShapes {
  static final int H=256,D=64,S=128;
  interface G { void run(); }
  static double us(G g){ for(int i=0;i<2000;i++) g.run(); double[] t=new double[7]; for(int k=0;k<7;k++){ long s=System.nanoTime(); for(int i=0;i<2000;i++) g.run(); t[k]=(System.nanoTime()-s)/2000e3;} java.util.Arrays.sort(t); return t[3]; }
  public static void main(String[] a){
    Matrix qkv=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,3*H));
    Matrix blk=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,S));
    Matrix blkT=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,S));
    Matrix ctx=Matrix.wrap(Nd4j.randn(DataType.FLOAT,S,H));
    Matrix out=Matrix.allocate(DataType.FLOAT,S,3*H);
    double f=2.0*S*S*D/1e3;
    for(int rep=0;rep<2;rep++){
    System.out.printf("scores  Q K^T      (NT) %.1f us %.0f GFLOP/s%n", us(()->Blas.gemm(false,true,S,S,D,0.125,qkv,0,3*H,qkv,H,3*H,0.0,blk,0,S)), f/us(()->Blas.gemm(false,true,S,S,D,0.125,qkv,0,3*H,qkv,H,3*H,0.0,blk,0,S)));
    System.out.printf("context P V        (NN) %.1f us%n", us(()->Blas.gemm(false,false,S,D,S,1.0,blk,0,S,qkv,2*H,3*H,0.0,ctx,0,H)));
    System.out.printf("dP   dC V^T        (NT) %.1f us%n", us(()->Blas.gemm(false,true,S,S,D,1.0,ctx,0,H,qkv,2*H,3*H,0.0,blk,0,S)));
    System.out.printf("dV   P^T dC        (TN) %.1f us%n", us(()->Blas.gemm(true,false,S,D,S,1.0,blk,0,S,ctx,0,H,0.0,out,2*H,3*H)));
    System.out.printf("dV'  (P^T) dC      (NN) %.1f us%n", us(()->Blas.gemm(false,false,S,D,S,1.0,blkT,0,S,ctx,0,H,0.0,out,2*H,3*H)));
    System.out.printf("dQ   dS K          (NN) %.1f us%n", us(()->Blas.gemm(false,false,S,D,S,0.125,blk,0,S,qkv,H,3*H,0.0,out,0,3*H)));
    System.out.printf("dK   dS^T Q        (TN) %.1f us%n", us(()->Blas.gemm(true,false,S,D,S,0.125,blk,0,S,qkv,0,3*H,0.0,out,H,3*H)));
    System.out.printf("dK'  (dS^T) Q      (NN) %.1f us%n", us(()->Blas.gemm(false,false,S,D,S,0.125,blkT,0,S,qkv,0,3*H,0.0,out,H,3*H)));
    }
  }
}
