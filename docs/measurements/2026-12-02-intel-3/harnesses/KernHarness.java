import io.tmr.core.nn.*;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class KernHarness {
  static double time(Runnable r){ for(int i=0;i<10;i++) r.run(); double[] g=new double[31]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] a){
    int T=4096;
    Matrix pre=Matrix.wrap(Nd4j.randn(DataType.FLOAT,T,1024)), act=Matrix.allocate(DataType.FLOAT,T,1024), der=Matrix.allocate(DataType.FLOAT,T,1024), grad=Matrix.wrap(Nd4j.randn(DataType.FLOAT,T,1024));
    Matrix x=Matrix.wrap(Nd4j.randn(DataType.FLOAT,T,256)), dy=Matrix.wrap(Nd4j.randn(DataType.FLOAT,T,256));
    LayerNorm ln=LayerNorm.create("ln",256,1e-12,0,DataType.FLOAT);
    for(int rep=0;rep<3;rep++){
      double g1=time(()->Gelu.ERF.forward(pre,act,der));
      double g2=time(()->Gelu.backwardInPlace(grad,der));
      double l1=time(()->ln.forward(x));
      double l2=time(()->ln.backward(dy));
      System.out.printf("gelu fwd %.3f bwd %.3f  ln fwd %.3f bwd %.3f ms%n",g1,g2,l1,l2);
    }
  }
}
